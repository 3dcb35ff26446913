import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect, test } from 'vitest';
import type { GradeReport } from '../../../src/grade/report-types.js';
import { ungradableReport } from '../../../src/batch/ungradable-report.js';
import { renderJunit, renderJunitRun } from '../../../src/report/grade/junit.js';
import { failingReport, goldenReport } from './report-fixtures.js';

interface XmlNode {
  readonly [key: string]: unknown;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseAttributeValue: false,
  htmlEntities: true,
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

function parseJunit(xml: string): { root: XmlNode; suites: XmlNode[]; cases: XmlNode[] } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const document = parser.parse(xml) as { testsuites: XmlNode };
  const suites = document.testsuites.testsuite as XmlNode[];
  return { root: document.testsuites, suites, cases: suites.flatMap((suite) => suite.testcase as XmlNode[]) };
}

function count(report: GradeReport, status: string): number {
  return report.criteria.flatMap((criterion) => criterion.checks).filter((check) => check.status === status).length;
}

test.each([
  ['golden', goldenReport],
  ['failing', failingReport],
])('the %s report parses and its counts match the report', (_name, report) => {
  const { root, suites, cases } = parseJunit(renderJunit([report]));
  const checks = report.criteria.flatMap((criterion) => criterion.checks);
  expect(suites).toHaveLength(report.criteria.length);
  expect(cases).toHaveLength(checks.length);
  expect(Number(root['@tests'])).toBe(checks.length);
  expect(Number(root['@failures'])).toBe(count(report, 'fail'));
  expect(Number(root['@errors'])).toBe(count(report, 'error'));
  // junit-10.xsd has no `skipped` on the root: skips are counted per suite; the root has `time` like every suite.
  expect(root).not.toHaveProperty('@skipped');
  expect(suites.reduce((sum, suite) => sum + Number(suite['@skipped']), 0)).toBe(count(report, 'skip'));
  expect(Number.parseFloat(String(root['@time']))).toBeCloseTo(
    suites.reduce((sum, suite) => sum + Number.parseFloat(String(suite['@time'])), 0),
    3,
  );
  expect(cases.filter((testCase) => 'failure' in testCase)).toHaveLength(count(report, 'fail'));
  expect(cases.filter((testCase) => 'error' in testCase)).toHaveLength(count(report, 'error'));
  expect(cases.filter((testCase) => 'skipped' in testCase)).toHaveLength(count(report, 'skip'));
  report.criteria.forEach((criterion, index) => {
    const suite = suites[index]!;
    expect(suite['@name']).toBe(`${criterion.id} (${criterion.points}/${criterion.maxPoints})`);
    expect(String(suite['system-out'])).toContain(`${criterion.points}/${criterion.maxPoints} points`);
    expect((suite.testcase as XmlNode[]).map((testCase) => testCase['@classname'])).toEqual(criterion.checks.map(() => criterion.id));
  });
});

test('a conflict marker carries file and line, its failure the message and the hint, its evidence system-out', () => {
  const { cases } = parseJunit(renderJunit([failingReport]));
  const marker = cases.find((testCase) => testCase['@name'] === 'no-conflict-markers')!;
  expect(marker['@file']).toBe('cli.py');
  expect(marker['@line']).toBe('31');
  const failure = marker.failure as XmlNode;
  expect(failure['@message']).toBe('cli.py still has a conflict marker at line 31.');
  expect(String(failure['#text'])).toContain('Keep both commands, delete the marker lines, then run: `git add cli.py`');
  expect(String(marker['system-out'])).toContain('cli.py:31: <<<<<<< HEAD');
  const missing = cases.find((testCase) => testCase['@name'] === 'commands-work')!;
  expect(missing['@file']).toBe('cli.py');
  expect(missing['@line']).toBeUndefined();
});

test('a skipped check says why, and a grader error is an error, not a failure', () => {
  const { cases } = parseJunit(renderJunit([failingReport]));
  const skipped = cases.find((testCase) => testCase['@name'] === 'only-main-worktree')!;
  expect((skipped.skipped as XmlNode)['@message']).toBe(
    'Skipped: cleanup is graded after both merges are done.\nFinish the merge, then run: `git worktree remove ../tasks-app-wipe`',
  );
  const broken = cases.find((testCase) => testCase['@name'] === 'quiz-answers')!;
  expect(broken).not.toHaveProperty('failure');
  expect((broken.error as XmlNode)['@message']).toMatch(/^wtlab could not read worktree-quiz\.json/);
});

test('XML special characters in messages stay well-formed', () => {
  const nasty: GradeReport = {
    ...failingReport,
    criteria: [{ ...failingReport.criteria[2]!, checks: [{ id: 'x', status: 'fail', message: 'a <b> & "c" ]]> d', evidence: 'e ]]> f <g>', hint: 'h & i' }] }],
  };
  const { cases } = parseJunit(renderJunit([nasty]));
  expect((cases[0]!.failure as XmlNode)['@message']).toBe('a <b> & "c" ]]> d');
  expect(String(cases[0]!['system-out'])).toContain('e ]]> f <g>');
});

test("a batch's report that could not be graded is one errored suite with one errored case carrying the reason, counted once", () => {
  const criteria = goldenReport.criteria.map((criterion) => ({ id: criterion.id, title: criterion.title, points: criterion.maxPoints }));
  const broken = ungradableReport('subs/bob', 'subs/bob is not inside a git repository', { criteria, git: '2.39.5' });
  const { root, suites } = parseJunit(
    renderJunitRun({ reports: [goldenReport, broken], ungraded: [{ submission: 'subs/eve.zip', reason: 'not a zip', maxScore: 100 }] }),
  );
  expect(suites).toHaveLength(goldenReport.criteria.length + 2);
  expect(Number(root['@errors'])).toBe(2);
  expect(Number(root['@tests'])).toBe(goldenReport.criteria.flatMap((criterion) => criterion.checks).length + 2);
  const bob = suites.filter((suite) => String(suite['@name']).startsWith('subs/bob '));
  expect(bob).toHaveLength(1);
  expect(bob[0]?.testcase).toHaveLength(1);
  expect(String(((bob[0]?.testcase as XmlNode[])[0]?.error as XmlNode)['#text'])).toBe('subs/bob is not inside a git repository');
});
