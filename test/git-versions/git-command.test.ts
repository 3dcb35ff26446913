import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { withDir } from 'tmp-promise';
import { describe, expect, it } from 'vitest';
import { runGitInstall, runGitList } from '../../src/cli/commands/git.js';
import { writeManifest, type GitManifest } from '../../src/git-versions/manifest.js';

function captureIo(): { stdout: string[]; stderr: string[]; io: { stdout: (line: string) => void; stderr: (line: string) => void } } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, io: { stdout: (line) => stdout.push(line), stderr: (line) => stderr.push(line) } };
}

describe('wtlab git install', () => {
  it('prints one line and exits 2 for a version it cannot get', async () => {
    await withDir(
      async ({ path }) => {
        const { stdout, stderr, io } = captureIo();
        expect(await runGitInstall(['9.9.9'], { cacheDir: path, io })).toBe(2);
        expect(stdout).toEqual([]);
        expect(stderr).toHaveLength(1);
        expect(stderr[0]).toMatch(/^wtlab: git 9\.9\.9: not a version wtlab can install \(known: /);
      },
      { unsafeCleanup: true },
    );
  });
});

describe('wtlab git list', () => {
  it('prints nothing for an empty cache and one line per cached version', async () => {
    await withDir(
      async ({ path }) => {
        const empty = captureIo();
        expect(await runGitList({ cacheDir: path, io: empty.io })).toBe(0);
        expect(empty.stdout).toEqual([]);

        const manifest: GitManifest = {
          version: '2.30.2',
          bin: join(path, '2.30.2/usr/bin/git'),
          execPath: join(path, '2.30.2/usr/lib/git-core'),
          source: 'deb',
          installedAt: '2025-01-01T00:00:00.000Z',
        };
        await mkdir(join(path, '2.30.2'));
        await writeManifest(join(path, '2.30.2'), manifest);
        const listed = captureIo();
        await runGitList({ cacheDir: path, io: listed.io });
        expect(listed.stdout).toEqual([`2.30.2\tdeb\t${manifest.bin}\t${manifest.execPath}`]);
        const json = captureIo();
        await runGitList({ cacheDir: path, json: true, io: json.io });
        expect(JSON.parse(json.stdout.join('\n'))).toEqual([manifest]);
      },
      { unsafeCleanup: true },
    );
  });
});
