import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CacheDirOptions {
  /** Folder holding one sub-folder per git version. @default `git` inside `wtlabCacheDir()` */
  readonly cacheDir?: string;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** wtlab's one cache folder: `$WTLAB_CACHE`, else `$XDG_CACHE_HOME/wtlab`, else `~/.cache/wtlab`. */
export function wtlabCacheDir(options: Pick<CacheDirOptions, 'env'> = {}): string {
  const env = options.env ?? process.env;
  if (env.WTLAB_CACHE) return env.WTLAB_CACHE;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'wtlab');
  return join(homedir(), '.cache', 'wtlab');
}

/** Folder that holds every cached git version: `cacheDir`, else `git` in wtlab's cache folder. */
export function gitCacheDir(options: CacheDirOptions = {}): string {
  return options.cacheDir ?? join(wtlabCacheDir(options), 'git');
}

/** Folder of one cached git version. */
export function gitVersionDir(version: string, options: CacheDirOptions = {}): string {
  return join(gitCacheDir(options), version);
}
