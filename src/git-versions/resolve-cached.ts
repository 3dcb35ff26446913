import { UserError } from '../errors/user-error.js';
import type { GitBinary } from '../git/git-binary.js';
import { gitCacheDir, type CacheDirOptions } from '../paths/cache-dir.js';
import { gitBinaryOf } from './git-binary-of.js';
import { listInstalled } from './list-installed.js';

/** Splits `2.30.2,2.39.5` (spaces allowed) into versions; anything that is not a dotted version is a UserError. */
export function parseVersionList(text: string): string[] {
  const versions = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const bad = versions.filter((version) => !/^\d+\.\d+(\.\d+)?$/.test(version));
  if (versions.length === 0 || bad.length > 0) {
    throw new UserError('BAD_VERSION_LIST', `--git-versions wants versions such as 2.30.2,2.39.5, not ${JSON.stringify(bad[0] ?? text)}. Run: wtlab git list`);
  }
  return versions;
}

/** The cached git binaries for these versions, in the order asked; a version not cached is a UserError naming the install command. */
export async function resolveCachedGits(versions: readonly string[], options: CacheDirOptions = {}): Promise<GitBinary[]> {
  const installed = await listInstalled(options);
  return versions.map((version) => {
    const manifest = installed.find((candidate) => candidate.version === version);
    if (manifest === undefined) {
      throw new UserError('GIT_NOT_CACHED', `git ${version} is not in the cache (${gitCacheDir(options)}). Run: wtlab git install ${version}`);
    }
    return gitBinaryOf(manifest);
  });
}
