import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CacheDirOptions {
  /**
   * Folder holding one sub-folder per git version.
   * @default `$WTLAB_CACHE/git`, else `$XDG_CACHE_HOME/wtlab/git`, else `~/.cache/wtlab/git`
   */
  readonly cacheDir?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** Folder that holds every cached git version. */
export function gitCacheDir(options: CacheDirOptions = {}): string {
  if (options.cacheDir !== undefined) return options.cacheDir;
  const env = options.env ?? process.env;
  if (env.WTLAB_CACHE) return join(env.WTLAB_CACHE, 'git');
  const xdg = env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(xdg, 'wtlab', 'git');
}

/** Folder of one cached git version. */
export function gitVersionDir(version: string, options: CacheDirOptions = {}): string {
  return join(gitCacheDir(options), version);
}
