import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { expect, test } from 'vitest';
import { folderPerTest } from '../../support/folder-per-test.js';
import { UserError } from '../../../src/errors/user-error.js';
import { checkOneStdout, emitReports, parseFormatSpec, parseFormatSpecs } from '../../../src/report/grade/emit-reports.js';
import { GRADESCOPE_RESULTS_DIR } from '../../../src/report/grade/gradescope.js';
import { failingReport, goldenReport } from './report-fixtures.js';

const folder = folderPerTest('wtlab-emit-');

function captureStdout(): { write(text: string): boolean; text(): string } {
  const chunks: string[] = [];
  return { write: (text) => chunks.push(text) > 0, text: () => chunks.join('') };
}

function userError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

test('parses repeated --format values, each with an optional file', () => {
  expect(parseFormatSpecs(['junit=results.xml', 'github', 'json=-'], { isTTY: false })).toEqual([
    { format: 'junit', file: 'results.xml' },
    { format: 'github' },
    { format: 'json', file: '-' },
  ]);
  expect(parseFormatSpec('junit=out/a=b.xml')).toEqual({ format: 'junit', file: 'out/a=b.xml' });
});

test('defaults to pretty on a terminal and json otherwise', () => {
  expect(parseFormatSpecs([], { isTTY: true })).toEqual([{ format: 'pretty' }]);
  expect(parseFormatSpecs([], { isTTY: false })).toEqual([{ format: 'json' }]);
});

test('an unknown format is a user error that lists the known ones', () => {
  const error = userError(() => parseFormatSpecs(['junit', 'xml=out.xml'], { isTTY: false }));
  expect(error.code).toBe('UNKNOWN_FORMAT');
  expect(error.message).toBe(
    'unknown format "xml". Known formats: pretty, json, junit, github, classroom, gradescope, markdown. Run: wtlab grade --format json',
  );
  expect(userError(() => parseFormatSpec('junit=')).code).toBe('EMPTY_FORMAT_FILE');
});

test('two formats naming one file are refused before grading: the second would replace the first', () => {
  const error = userError(() => parseFormatSpecs(['junit=out/r.xml', 'json=-', 'markdown=./out/../out/r.xml'], { isTTY: false }));
  expect(error.code).toBe('TWO_FORMATS_ONE_FILE');
  expect(error.message).toBe(
    '--format junit=out/r.xml and --format markdown=./out/../out/r.xml write the same file, so markdown would replace junit. Give each its own file: --format markdown=wtlab-markdown.out',
  );
  expect(parseFormatSpecs(['json=r.json', 'json=./r.json'], { isTTY: false })).toHaveLength(2);
});

test('--output names the file of a single format only', () => {
  expect(parseFormatSpecs(['junit'], { isTTY: false, output: 'r.xml' })).toEqual([{ format: 'junit', file: 'r.xml' }]);
  expect(parseFormatSpecs([], { isTTY: false, output: 'r.json' })).toEqual([{ format: 'json', file: 'r.json' }]);
  expect(userError(() => parseFormatSpecs(['junit', 'github'], { isTTY: false, output: 'r.xml' })).code).toBe('OUTPUT_WITH_SEVERAL_FORMATS');
  expect(userError(() => parseFormatSpecs(['junit=a.xml'], { isTTY: false, output: 'b.xml' })).code).toBe('OUTPUT_TWICE');
});

test('one run feeds several readers and appends to the env-named files', async () => {
  const summary = join(folder(), 'summary.md');
  const output = join(folder(), 'github-output');
  await writeFile(summary, '# earlier step\n');
  await writeFile(output, 'other=1\n');
  const stdout = captureStdout();
  const env = { GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output };
  const junitPath = join(folder(), 'reports', 'wtlab-junit.xml');
  const jsonPath = join(folder(), 'reports', 'report.json');
  const specs = [`junit=${junitPath}`, 'github', `json=${jsonPath}`, 'classroom'];
  await emitReports([failingReport], specs, { env, stdout, isTTY: false });

  const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(await readFile(junitPath, 'utf8')) as {
    testsuites: Record<string, string>;
  };
  expect(xml.testsuites['@failures']).toBe('3');
  expect(stdout.text()).toContain('::error file=cli.py,line=31,title=merged/no-conflict-markers::');
  expect(JSON.parse(await readFile(jsonPath, 'utf8'))).toEqual(failingReport);

  const summaryText = await readFile(summary, 'utf8');
  expect(summaryText.startsWith('# earlier step\n## wtlab: 40/100 for `submissions/bob/tasks-app`')).toBe(true);
  const outputLines = (await readFile(output, 'utf8')).trimEnd().split('\n');
  expect(outputLines[0]).toBe('other=1');
  const result = JSON.parse(Buffer.from(outputLines[1]!.replace(/^result=/, ''), 'base64').toString('utf8')) as { tests: { score: number }[] };
  expect(result.tests.reduce((sum, one) => sum + one.score, 0)).toBe(failingReport.score);

  await emitReports([failingReport], ['github'], { env, stdout: captureStdout(), isTTY: false });
  expect((await readFile(summary, 'utf8')).match(/## wtlab: 40\/100/g)).toHaveLength(2);
});

test('without GITHUB_OUTPUT the classroom result is printed; json for several submissions is an array', async () => {
  const classroom = captureStdout();
  await emitReports([goldenReport, failingReport], ['classroom'], { env: {}, stdout: classroom, isTTY: false });
  expect(JSON.parse(Buffer.from(classroom.text().trim(), 'base64').toString('utf8'))).toMatchObject({ version: 1, max_score: 180 });
  const json = captureStdout();
  await emitReports([goldenReport, failingReport], ['json'], { env: {}, stdout: json, isTTY: false });
  expect(JSON.parse(json.text())).toEqual([goldenReport, failingReport]);
});

test('two formats bound for standard output are refused before anything is written', async () => {
  const stdout = captureStdout();
  await expect(emitReports([goldenReport], ['classroom', 'json'], { env: {}, stdout, isTTY: false })).rejects.toMatchObject({ code: 'TWO_FORMATS_ON_STDOUT' });
  await expect(emitReports([goldenReport], ['github', 'json=-'], { env: {}, stdout, isTTY: false })).rejects.toMatchObject({ code: 'TWO_FORMATS_ON_STDOUT' });
  expect(stdout.text()).toBe('');
  // Where their readers' files are, Classroom and Gradescope leave standard output to the annotations.
  const inCi = { env: { GITHUB_OUTPUT: join(folder(), 'out') }, isTTY: false, pathExists: (path: string) => path === GRADESCOPE_RESULTS_DIR };
  expect(() => checkOneStdout(parseFormatSpecs(['github', 'classroom', 'gradescope'], inCi), inCi)).not.toThrow();
  expect(() => checkOneStdout(parseFormatSpecs(['github', 'classroom'], { isTTY: false }), { env: {}, isTTY: false, pathExists: () => false })).toThrow(
    /would all go to standard output/,
  );
});

test('pretty is coloured on a terminal unless NO_COLOR is set, and never in a file', async () => {
  const tty = captureStdout();
  await emitReports([failingReport], [], { env: {}, stdout: tty, isTTY: true });
  expect(tty.text()).toMatch(/\u001b\[/);
  const noColor = captureStdout();
  await emitReports([failingReport], [], { env: { NO_COLOR: '1' }, stdout: noColor, isTTY: true });
  expect(noColor.text()).not.toMatch(/\u001b\[/);
  expect(noColor.text()).toContain('Score: 40/100');
  const file = join(folder(), 'pretty.txt');
  await emitReports([failingReport], ['pretty'], { env: {}, stdout: captureStdout(), isTTY: true, output: file });
  expect(await readFile(file, 'utf8')).not.toMatch(/\u001b\[/);
});

test('a file that cannot be written is a user error naming it', async () => {
  const blocker = join(folder(), 'not-a-folder');
  await writeFile(blocker, '');
  await expect(emitReports([goldenReport], [`junit=${join(blocker, 'r.xml')}`], { env: {}, stdout: captureStdout(), isTTY: false })).rejects.toMatchObject({
    name: 'UserError',
    code: 'REPORT_NOT_WRITTEN',
    message: expect.stringContaining(`cannot write ${join(blocker, 'r.xml')}`),
  });
});

// Node 20's recursive mkdir loops for ever where a level cannot be made and says ENOENT, as under /proc.
test.runIf(process.platform === 'linux')(
  'a file under /proc is refused at once, not a hang in making its folder',
  async () => {
    await expect(emitReports([goldenReport], ['junit=/proc/nope/deeper/r.xml'], { env: {}, stdout: captureStdout(), isTTY: false })).rejects.toMatchObject({
      name: 'UserError',
      code: 'REPORT_NOT_WRITTEN',
      message: expect.stringContaining('cannot write /proc/nope/deeper/r.xml (ENOENT)'),
    });
  },
  10_000,
);

test('missing folders of a report file are made, each level', async () => {
  const file = join(folder(), 'a', 'b', 'r.xml');
  await emitReports([goldenReport], [`junit=${file}`], { env: {}, stdout: captureStdout(), isTTY: false });
  expect(await readFile(file, 'utf8')).toContain('<testsuites');
});
