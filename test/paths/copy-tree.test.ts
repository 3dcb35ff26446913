import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyTree } from '../../src/paths/copy-tree.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-copy-tree-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A tree with what a work folder holds: nested folders, modes, an empty folder, links (relative, absolute, dangling), old times. */
function makeTree(at: string): string {
  mkdirSync(join(at, 'repo', '.git', 'refs', 'heads'), { recursive: true });
  mkdirSync(join(at, 'repo', 'empty'));
  mkdirSync(join(at, 'private'), { mode: 0o700 });
  writeFileSync(join(at, 'repo', 'cli.py'), 'print("hi")\n');
  writeFileSync(join(at, 'repo', '.git', 'HEAD'), 'ref: refs/heads/main\n');
  writeFileSync(join(at, 'repo', 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(at, 'private', 'secret'), 'x', { mode: 0o600 });
  writeFileSync(join(at, 'bytes'), Buffer.from([0, 255, 10, 13]));
  symlinkSync('repo/cli.py', join(at, 'relative-link'));
  symlinkSync('/etc/hostname', join(at, 'absolute-link'));
  symlinkSync('nowhere', join(at, 'dangling-link'));
  chmodSync(join(at, 'repo', 'empty'), 0o750);
  for (const file of ['bytes', 'repo/cli.py', 'repo/.git/HEAD']) utimesSync(join(at, file), 1_000_000, 1_000_000);
  utimesSync(join(at, 'repo', 'empty'), 2_000_000, 2_000_000);
  return at;
}

/** Every entry under a folder: type, mode, content digest or link target, and (when asked) a file's modification time (fs.cp keeps no folder's). */
function snapshot(folder: string, withTimes: boolean): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      const what = stat.isSymbolicLink()
        ? `link ${readlinkSync(path)}`
        : stat.isDirectory()
          ? 'dir'
          : `file ${createHash('sha1').update(readFileSync(path)).digest('hex')}`;
      entries[relative(folder, path)] = `${what} ${(stat.mode & 0o7777).toString(8)}${withTimes && stat.isFile() ? ` ${Math.floor(stat.mtimeMs / 1000)}` : ''}`;
      if (stat.isDirectory()) walk(path);
    }
  };
  walk(folder);
  return entries;
}

describe('copyTree', () => {
  it.each([true, false])(
    'copies what fs.cp copies, modes and links as they are, times kept when asked (preserveTimestamps: %s)',
    async (preserveTimestamps) => {
      const from = makeTree(join(root, `from-${preserveTimestamps}`));
      const byNode = join(root, `node-${preserveTimestamps}`);
      await cp(from, byNode, { recursive: true, verbatimSymlinks: true, preserveTimestamps });
      const byCopyTree = join(root, `ours-${preserveTimestamps}`);
      await copyTree({ from, to: byCopyTree, preserveTimestamps });
      expect(snapshot(byCopyTree, preserveTimestamps)).toEqual(snapshot(byNode, preserveTimestamps));
      expect(snapshot(byCopyTree, true)['repo/cli.py']).toMatch(preserveTimestamps ? / 1000000$/ : /^file \w+ 644 (?!1000000$)\d+$/);
      expect(snapshot(byCopyTree, false)).toMatchObject({ 'private/secret': expect.stringMatching(/ 600$/), 'repo/run.sh': expect.stringMatching(/ 755$/) });
    },
  );

  it('copies into a folder that exists, keeping what it holds', async () => {
    const from = makeTree(join(root, 'merge-from'));
    const to = join(root, 'merge-to');
    mkdirSync(to);
    writeFileSync(join(to, 'already-here'), 'kept');
    await copyTree({ from, to });
    expect(readFileSync(join(to, 'already-here'), 'utf8')).toBe('kept');
    expect(readFileSync(join(to, 'repo', 'cli.py'), 'utf8')).toBe('print("hi")\n');
  });

  it('copies the same without GNU cp on the PATH (in this process, a name that is not UTF-8 byte for byte), and says why it cannot copy a folder that does not exist', async () => {
    const bin = join(root, 'other-cp');
    mkdirSync(bin);
    writeFileSync(join(bin, 'cp'), '#!/bin/sh\necho "cp (not GNU) 1.0"\nexit 1\n', { mode: 0o755 });
    const from = makeTree(join(root, 'fallback-from'));
    await copyTree({ from, to: join(root, 'fallback-to'), preserveTimestamps: true, path: bin });
    const latin1 = Buffer.from([0x74, 0xe9, 0x2e, 0x70, 0x79]);
    mkdirSync(join(root, 'latin1-from'));
    writeFileSync(Buffer.concat([Buffer.from(`${join(root, 'latin1-from')}/`), latin1]), 'bytes');
    await copyTree({ from: join(root, 'latin1-from'), to: join(root, 'latin1-to'), path: bin });
    expect(readFileSync(Buffer.concat([Buffer.from(`${join(root, 'latin1-to')}/`), latin1]), 'utf8')).toBe('bytes');
    await copyTree({ from, to: join(root, 'gnu-to'), preserveTimestamps: true });
    expect(snapshot(join(root, 'fallback-to'), true)).toEqual(snapshot(join(root, 'gnu-to'), true));
    await expect(copyTree({ from: join(root, 'missing'), to: join(root, 'missing-to') })).rejects.toThrow(/missing/);
  });
});
