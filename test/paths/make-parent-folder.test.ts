import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { makeParentFolder } from '../../src/paths/make-parent-folder.js';

let folder = '';
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'wtlab-parent-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

test('makes every missing level, and leaves an existing parent alone', async () => {
  await makeParentFolder(join(folder, 'a', 'b', 'c', 'file.txt'));
  expect((await stat(join(folder, 'a', 'b', 'c'))).isDirectory()).toBe(true);
  await expect(makeParentFolder(join(folder, 'a', 'file.txt'))).resolves.toBeUndefined();
});

test('a parent that is a file is left for the write to refuse', async () => {
  await writeFile(join(folder, 'plain'), '');
  await expect(makeParentFolder(join(folder, 'plain', 'file.txt'))).resolves.toBeUndefined();
  await expect(makeParentFolder(join(folder, 'plain', 'deeper', 'file.txt'))).rejects.toMatchObject({ code: 'ENOTDIR' });
});

test.runIf(process.platform === 'linux')(
  'fails at once where /proc refuses a folder (recursive mkdir loops there on Node 20)',
  async () => {
    await expect(makeParentFolder('/proc/nope/deeper/file.txt')).rejects.toMatchObject({ code: 'ENOENT' });
  },
  10_000,
);

test('two writers making the same missing folders at once both go on (the second finds them made)', async () => {
  const file = join(folder, 'x', 'y', 'z', 'file.txt');
  await expect(Promise.all(Array.from({ length: 8 }, () => makeParentFolder(file)))).resolves.toHaveLength(8);
  expect((await stat(join(folder, 'x', 'y', 'z'))).isDirectory()).toBe(true);
});
