import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassroomResult } from '../../src/report/grade/classroom.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { wtlab, type CliRun } from '../support/cli.js';
import { makeKit, removeCorpusFolders } from '../support/corpus.js';

const FORMATS = ['json', 'junit', 'classroom', 'gradescope', 'github', 'pretty', 'markdown'] as const;
let root: string;
let sources: string[];
let run: CliRun;
const out = (format: string) => readFileSync(join(root, `report.${format}`), 'utf8');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'wtlab-batch-formats-'));
  const kit = await makeKit('batch-formats');
  const good = await kit.startRepo('tasks-app');
  mkdirSync(join(root, 'not-a-repo'));
  writeFileSync(join(root, 'not-an-archive.tar.gz'), 'no tar here\n');
  sources = [join(root, 'not-a-repo'), good, join(root, 'not-an-archive.tar.gz'), join(root, 'missing')];
  run = await wtlab(['grade', ...sources, '--jobs', '2', ...FORMATS.flatMap((format) => ['--format', `${format}=${join(root, `report.${format}`)}`])], {
    cwd: root,
    // GitHub shows 10 annotations of a kind per step: the rest go to the step summary, which is read with the annotations.
    env: { GITHUB_STEP_SUMMARY: join(root, 'step-summary.md') },
  });
}, 120_000);
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  removeCorpusFolders();
});

describe('a batch with submissions that cannot be graded: every one is in every report format', () => {
  const ungradable = () => [sources[0], sources[2], sources[3]] as string[];

  it('exits 2 and says why on stderr, once per submission', () => {
    expect(run.exitCode).toBe(2);
    for (const source of ungradable()) expect(run.stderr).toContain(`wtlab: ${source} could not be graded: `);
  });

  it('json: one object per submission, in order; an ungradable one has `error` and every criterion `error`', () => {
    const reports = JSON.parse(out('json')) as GradeReport[];
    expect(reports.map((report) => report.submission)).toEqual(sources);
    expect(reports.map((report) => report.error === undefined)).toEqual([false, true, false, false]);
    expect(reports[0]?.error).toMatch(/not inside a git repository/);
    expect(reports[3]?.error).toMatch(/does not exist/);
    for (const report of [reports[0], reports[2], reports[3]])
      expect(new Set(report?.criteria.map((criterion) => criterion.status))).toEqual(new Set(['error']));
  });

  it('junit: each ungradable one is one suite with one <error> case carrying the reason, counted once in errors=', () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(out('junit')) as {
      testsuites: { errors: string; testsuite: { name: string; testcase: { error?: unknown }[] }[] };
    };
    expect(Number(xml.testsuites.errors)).toBe(3);
    expect(xml.testsuites.testsuite.filter((suite) => suite.name.startsWith(`${sources[1] as string} `))).toHaveLength(5);
    for (const source of ungradable()) {
      const suites = xml.testsuites.testsuite.filter((suite) => suite.name.startsWith(`${source} `));
      expect(suites, source).toHaveLength(1);
      expect(suites[0]?.testcase.filter((testCase) => testCase.error !== undefined)).toHaveLength(1);
    }
  });

  it('classroom: one `error` test per ungradable submission, its message the reason; max_score counts each submission once', () => {
    const result = JSON.parse(Buffer.from(out('classroom').trim(), 'base64').toString('utf8')) as ClassroomResult;
    expect(result.status).toBe('error');
    expect(result.max_score).toBe(4 * 100);
    for (const source of ungradable()) {
      const tests = result.tests.filter((test) => test.name.startsWith(`${source}`));
      expect(
        tests.map((test) => test.status),
        source,
      ).toEqual(['error']);
      expect(run.stderr).toContain(`wtlab: ${source} could not be graded: ${tests[0]?.message ?? '?'}\n`);
    }
  });

  it('gradescope, github, pretty and markdown name every submission and the reason', () => {
    for (const format of ['gradescope', 'github', 'pretty', 'markdown'] as const) {
      const text = format === 'github' ? `${out(format)}\n${readFileSync(join(root, 'step-summary.md'), 'utf8')}` : out(format);
      for (const source of sources) expect(text, `${format}: ${source}`).toContain(source);
      expect(text.match(/could not be graded/g)?.length ?? 0, format).toBeGreaterThanOrEqual(3);
    }
  });
});
