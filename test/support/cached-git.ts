import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gitVersionDir } from '../../src/paths/cache-dir.js';
import { MANIFEST_NAME } from '../../src/git-versions/manifest.js';

/** True when a git version is in the cache, known at collection time so tests can `it.skipIf` on it. */
export function isCached(version: string): boolean {
  return existsSync(join(gitVersionDir(version), MANIFEST_NAME));
}
