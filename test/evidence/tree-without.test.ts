import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { treeIdWithout, type TreeEntry } from '../../src/evidence/tree-without.js';
import { RECORD_FILE } from '../../src/record/record-file.js';
import { makeKit, removeCorpusFolders } from '../support/corpus.js';

afterAll(removeCorpusFolders);

function topOf(listing: string): TreeEntry[] {
  return listing
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const [meta = '', name = ''] = line.split('\t');
      const [mode = '', type = '', id = ''] = meta.split(' ');
      return { mode, type, id, name };
    });
}

describe('the id of a tree less one top-level entry', () => {
  it.each(['sha1', 'sha256'])('is the id git gives that tree (%s): files, an executable, a link, a folder and a name with spaces', async (format) => {
    const kit = await makeKit(`tree-without-${format}`);
    const repo = await kit.startRepo('tasks-app', {
      initArgs: [`--object-format=${format}`],
      files: { [RECORD_FILE]: '{}\n', 'run me.sh': 'echo hi\n', 'docs/notes.md': 'notes\n' },
    });
    symlinkSync('cli.py', join(repo, 'link.py'));
    await kit.gitIn(repo, ['update-index', '--chmod=+x', 'run me.sh']);
    await kit.gitIn(repo, ['add', 'link.py']);
    await kit.gitIn(repo, ['commit', '-q', '-m', 'more']);
    const top = topOf(await kit.gitIn(repo, ['ls-tree', '-z', 'HEAD']));
    expect(top.map((entry) => entry.mode)).toEqual(expect.arrayContaining(['040000', '100755', '120000', '100644']));
    await kit.gitIn(repo, ['rm', '-q', '--cached', RECORD_FILE]);
    const without = (await kit.gitIn(repo, ['write-tree'])).trim();
    expect(treeIdWithout(top, RECORD_FILE)).toBe(without);
    expect(treeIdWithout(top, 'no-such-file')).toBeUndefined();
  });
});
