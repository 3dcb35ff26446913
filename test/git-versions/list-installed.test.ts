import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withDir } from 'tmp-promise';
import { describe, expect, it } from 'vitest';
import { GitVersionError } from '../../src/git-versions/errors.js';
import { gitBinaryOf } from '../../src/git-versions/git-binary-of.js';
import { listInstalled } from '../../src/git-versions/list-installed.js';
import { MANIFEST_NAME, readManifest, writeManifest, type GitManifest } from '../../src/git-versions/manifest.js';

const manifest = (version: string): GitManifest => ({
  version,
  bin: `/cache/${version}/bin/git`,
  execPath: null,
  source: 'source-build',
  installedAt: '2025-01-01T00:00:00.000Z',
});

describe('listInstalled', () => {
  it('lists nothing when the cache folder does not exist', async () => {
    expect(await listInstalled({ cacheDir: '/nonexistent/wtlab-cache' })).toEqual([]);
  });

  it('lists nothing in an empty cache folder', async () => {
    await withDir(
      async ({ path }) => {
        expect(await listInstalled({ cacheDir: path })).toEqual([]);
      },
      { unsafeCleanup: true },
    );
  });

  it('lists versions with a manifest, by version, and skips folders without one', async () => {
    await withDir(
      async ({ path }) => {
        for (const version of ['2.100.0', '2.30.2', '2.47.3']) {
          await mkdir(join(path, version));
          await writeManifest(join(path, version), manifest(version));
        }
        await mkdir(join(path, '2.55.0'));
        await mkdir(join(path, '.apt'));
        const listed = await listInstalled({ cacheDir: path });
        expect(listed.map((entry) => entry.version)).toEqual(['2.30.2', '2.47.3', '2.100.0']);
      },
      { unsafeCleanup: true },
    );
  });
});

describe('manifest', () => {
  it('reads back what it wrote', async () => {
    await withDir(
      async ({ path }) => {
        const written: GitManifest = { ...manifest('2.30.2'), source: 'deb', execPath: `${path}/usr/lib/git-core` };
        await writeManifest(path, written);
        expect(await readManifest(path)).toEqual(written);
      },
      { unsafeCleanup: true },
    );
  });

  it('rejects a malformed manifest with a reason that names the file', async () => {
    await withDir(
      async ({ path }) => {
        await writeFile(join(path, MANIFEST_NAME), JSON.stringify({ version: '2.30.2', source: 'ftp' }));
        const read = readManifest(path);
        await expect(read).rejects.toBeInstanceOf(GitVersionError);
        await expect(read).rejects.toThrow(join(path, MANIFEST_NAME));
      },
      { unsafeCleanup: true },
    );
  });
});

describe('gitBinaryOf', () => {
  it('turns a manifest into the engine git binary', () => {
    expect(gitBinaryOf({ ...manifest('2.30.2'), execPath: '/c/usr/lib/git-core' })).toEqual({
      path: '/cache/2.30.2/bin/git',
      execPath: '/c/usr/lib/git-core',
      version: '2.30.2',
    });
    expect(gitBinaryOf(manifest('2.47.3')).execPath).toBeUndefined();
  });
});
