import { withDir } from 'tmp-promise';
import { describe, expect, it } from 'vitest';
import { resolveGitBinary } from '../../src/git/git-binary.js';
import { GitVersionError } from '../../src/git-versions/errors.js';
import { installGitVersion } from '../../src/git-versions/install-version.js';
import { knownGitVersions } from '../../src/git-versions/known-versions.js';
import { listInstalled } from '../../src/git-versions/list-installed.js';
import { probeGitVersion } from '../../src/git/git-binary.js';

const systemVersion = await probeGitVersion('/usr/bin/git');

describe('installGitVersion', () => {
  it('refuses an unknown version with a one-line reason and a stable code', async () => {
    await withDir(
      async ({ path }) => {
        const install = installGitVersion('9.9.9', { cacheDir: path });
        await expect(install).rejects.toBeInstanceOf(GitVersionError);
        await expect(install).rejects.toMatchObject({ code: 'UNKNOWN_VERSION' });
        await expect(install).rejects.toThrow(/^git 9\.9\.9: not a version wtlab can install \(known: 2\.30\.2, 2\.39\.5, 2\.47\.3, 2\.55\.0; [^\n]*\)$/);
        expect(await listInstalled({ cacheDir: path })).toEqual([]);
      },
      { unsafeCleanup: true },
    );
  });

  it.each(['../etc', '2.47.3/..', 'latest', ''])('refuses %j, which is no version number, before touching the cache', async (version) => {
    await expect(installGitVersion(version, { cacheDir: '/nonexistent/wtlab-cache' })).rejects.toMatchObject({ code: 'UNKNOWN_VERSION' });
  });

  it.skipIf(systemVersion === undefined)('records the system git without copying it', async () => {
    if (systemVersion === undefined) return;
    await withDir(
      async ({ path }) => {
        const lines: string[] = [];
        const manifest = await installGitVersion(systemVersion, { cacheDir: path, onProgress: (line) => lines.push(line) });
        expect(manifest).toMatchObject({ version: systemVersion, source: 'system', execPath: null });
        expect(await listInstalled({ cacheDir: path })).toEqual([manifest]);
        expect(lines).toEqual([`git ${systemVersion}: installed (system): ${manifest.bin}`]);
        await installGitVersion(systemVersion, { cacheDir: path, onProgress: (line) => lines.push(line) });
        expect(lines.at(-1)).toBe(`git ${systemVersion}: already installed (${manifest.bin})`);
      },
      { unsafeCleanup: true },
    );
  });
});

const cached = await listInstalled();

describe('cached git versions', () => {
  for (const { version } of knownGitVersions) {
    const manifest = cached.find((entry) => entry.version === version);
    it.skipIf(manifest === undefined)(`git ${version} in the cache reports its version, also through resolveGitBinary`, async () => {
      if (manifest === undefined) return;
      expect(await probeGitVersion(manifest.bin, { execPath: manifest.execPath })).toBe(version);
      expect((await resolveGitBinary(manifest.bin)).version).toBe(version);
    });
  }
});
