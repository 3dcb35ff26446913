import type { GitBinary } from '../git/git-binary.js';
import type { GitManifest } from './manifest.js';

/** The engine's view of a cached version, ready for `runGit` and `sealedEnv`. */
export function gitBinaryOf(manifest: GitManifest): GitBinary {
  return { path: manifest.bin, execPath: manifest.execPath ?? undefined, version: manifest.version };
}
