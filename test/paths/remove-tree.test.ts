import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTree } from '../../src/paths/remove-tree.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-remove-tree-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('removeTree', () => {
  it('removes a whole tree, read-only files included, and leaves what its links point at', async () => {
    const outside = join(root, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep'), 'kept');
    const tree = join(root, 'tree');
    mkdirSync(join(tree, 'a', 'b', 'c'), { recursive: true });
    writeFileSync(join(tree, 'a', 'b', 'c', 'file'), 'x', { mode: 0o444 });
    symlinkSync(outside, join(tree, 'link-to-outside'));
    await removeTree(tree);
    expect([existsSync(tree), existsSync(join(outside, 'keep'))]).toEqual([false, true]);
  });

  it('is no error for a path that does not exist, and reads a relative path, or one starting with a dash, as fs.rm does', async () => {
    await expect(removeTree(join(root, 'never-made'))).resolves.toBeUndefined();
    const dashed = join(root, '-rf');
    mkdirSync(dashed);
    const before = process.cwd();
    process.chdir(root);
    try {
      await removeTree('-rf');
    } finally {
      process.chdir(before);
    }
    expect(existsSync(dashed)).toBe(false);
    expect(existsSync(root)).toBe(true);
  });
});
