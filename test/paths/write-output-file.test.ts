import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { writeOutputFile } from '../../src/paths/write-output-file.js';

let folder = '';
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'wtlab-output-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

test('writes, or appends, making the missing folders', async () => {
  const file = join(folder, 'a', 'b', 'report.txt');
  await writeOutputFile(file, 'one\n', { code: 'REPORT_NOT_WRITTEN', next: 'Pick another path.' });
  await writeOutputFile(file, 'two\n', { code: 'REPORT_NOT_WRITTEN', next: 'Pick another path.', append: true });
  expect(await readFile(file, 'utf8')).toBe('one\ntwo\n');
});

test('a file that cannot be written is one line: the path, the errno code and the next step, with the code given', async () => {
  await writeFile(join(folder, 'plain'), '');
  const file = join(folder, 'plain', 'report.txt');
  await expect(writeOutputFile(file, 'x', { code: 'SUMMARY_NOT_WRITTEN', next: 'Pick another path.' })).rejects.toMatchObject({
    code: 'SUMMARY_NOT_WRITTEN',
    message: `cannot write ${file} (ENOTDIR). Pick another path.`,
  });
});
