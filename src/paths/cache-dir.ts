import { homedir } from 'node:os';
import { join } from 'node:path';

/** wtlab's cache folder: `$WTLAB_CACHE`, else `$XDG_CACHE_HOME/wtlab`, else `~/.cache/wtlab`. */
export function wtlabCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  if (env.WTLAB_CACHE) return env.WTLAB_CACHE;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'wtlab');
  return join(homedir(), '.cache', 'wtlab');
}
