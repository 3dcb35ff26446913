import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { folderPerTest } from '../support/folder-per-test.js';
import { writeOutputFile } from '../../src/paths/write-output-file.js';

const folder = folderPerTest('wtlab-output-');

test('writes, or appends, making the missing folders', async () => {
  const file = join(folder(), 'a', 'b', 'report.txt');
  await writeOutputFile(file, 'one\n', { code: 'REPORT_NOT_WRITTEN', next: 'Pick another path.' });
  await writeOutputFile(file, 'two\n', { code: 'REPORT_NOT_WRITTEN', next: 'Pick another path.', append: true });
  expect(await readFile(file, 'utf8')).toBe('one\ntwo\n');
});

test('a file that cannot be written is one line: the path, the errno code and the next step, with the code given', async () => {
  await writeFile(join(folder(), 'plain'), '');
  const file = join(folder(), 'plain', 'report.txt');
  await expect(writeOutputFile(file, 'x', { code: 'SUMMARY_NOT_WRITTEN', next: 'Pick another path.' })).rejects.toMatchObject({
    code: 'SUMMARY_NOT_WRITTEN',
    message: `cannot write ${file} (ENOTDIR). Pick another path.`,
  });
});
