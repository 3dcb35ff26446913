import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { folderPerTest } from '../support/folder-per-test.js';
import { makeParentFolder } from '../../src/paths/make-parent-folder.js';

const folder = folderPerTest('wtlab-parent-');

test('makes every missing level, and leaves an existing parent alone', async () => {
  await makeParentFolder(join(folder(), 'a', 'b', 'c', 'file.txt'));
  expect((await stat(join(folder(), 'a', 'b', 'c'))).isDirectory()).toBe(true);
  await expect(makeParentFolder(join(folder(), 'a', 'file.txt'))).resolves.toBeUndefined();
});

test('a parent that is a file is left for the write to refuse', async () => {
  await writeFile(join(folder(), 'plain'), '');
  await expect(makeParentFolder(join(folder(), 'plain', 'file.txt'))).resolves.toBeUndefined();
  await expect(makeParentFolder(join(folder(), 'plain', 'deeper', 'file.txt'))).rejects.toMatchObject({ code: 'ENOTDIR' });
});

test.runIf(process.platform === 'linux')(
  'fails at once where /proc refuses a folder() (recursive mkdir loops there on Node 20)',
  async () => {
    await expect(makeParentFolder('/proc/nope/deeper/file.txt')).rejects.toMatchObject({ code: 'ENOENT' });
  },
  10_000,
);

test('two writers making the same missing folders at once both go on (the second finds them made)', async () => {
  const file = join(folder(), 'x', 'y', 'z', 'file.txt');
  await expect(Promise.all(Array.from({ length: 8 }, () => makeParentFolder(file)))).resolves.toHaveLength(8);
  expect((await stat(join(folder(), 'x', 'y', 'z'))).isDirectory()).toBe(true);
});
