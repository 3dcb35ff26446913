import { expect, test } from 'vitest';
import type { GradeReport } from '../../../src/grade/report-types.js';
import { buildClassroomResult, planClassroomDelivery, renderClassroom, type ClassroomResult } from '../../../src/report/grade/classroom.js';
import { failingReport, goldenReport } from './report-fixtures.js';

function decode(base64: string): ClassroomResult {
  expect(base64).toMatch(/^[A-Za-z0-9+/]+=*$/);
  return JSON.parse(Buffer.from(base64, 'base64').toString('utf8')) as ClassroomResult;
}

test.each([
  ['golden', goldenReport, 'pass'],
  ['failing', failingReport, 'error'],
] as const)('the %s payload decodes, its total equals the score and its statuses are valid', (_name, report, status) => {
  const result = decode(renderClassroom([report]));
  expect(result).toMatchSnapshot();
  expect(result.version).toBe(1);
  expect(result.status).toBe(status);
  const gradable = report.criteria.filter((criterion) => criterion.status !== 'skip');
  expect(result.max_score).toBe(gradable.reduce((sum, criterion) => sum + criterion.maxPoints, 0));
  expect(result.tests).toHaveLength(gradable.length);
  expect(result.tests.reduce((sum, one) => sum + one.score, 0)).toBe(report.score);
  for (const one of result.tests) {
    expect(['pass', 'fail', 'error']).toContain(one.status);
    expect(Object.keys(one).sort()).toEqual(['execution_time', 'filename', 'line_no', 'message', 'name', 'score', 'status', 'test_code']);
    expect(typeof one.name).toBe('string');
    expect(Number.isInteger(one.line_no)).toBe(true);
    expect(one.execution_time).toMatch(/^\d+(\.\d+)?s$/);
  }
});

test('a failed criterion points at its first located check and carries the hints', () => {
  const merged = buildClassroomResult([failingReport]).tests.find((one) => one.name.startsWith('merged'))!;
  expect(merged).toMatchObject({ status: 'fail', score: 0, filename: 'cli.py', line_no: 31 });
  expect(merged.message).toContain('Keep both commands, delete the marker lines');
});

test('a skipped criterion is out of the tests, the status and max_score; a fail without errors makes the whole run fail', () => {
  const noError: GradeReport = { ...failingReport, criteria: failingReport.criteria.filter((criterion) => criterion.status !== 'error') };
  const result = buildClassroomResult([noError]);
  expect(result.status).toBe('fail');
  expect(result.tests.find((one) => one.name.includes('cleaned-up'))).toBeUndefined();
  expect(result.max_score).toBe(60);
  const onlySkips: GradeReport = {
    ...goldenReport,
    criteria: goldenReport.criteria.map((criterion) => (criterion.id === 'cleaned-up' ? { ...criterion, status: 'skip', points: 0 } : criterion)),
  };
  expect(buildClassroomResult([onlySkips])).toMatchObject({ status: 'pass', max_score: 80 });
});

test('goes to $GITHUB_OUTPUT as result=<base64> when set, else to standard output', () => {
  const rendered = renderClassroom([goldenReport]);
  const context = (env: Record<string, string>) => ({ env, isTTY: false, pathExists: () => false });
  expect(planClassroomDelivery(rendered, [goldenReport], context({ GITHUB_OUTPUT: '/tmp/out' })).primary).toEqual({
    destination: { kind: 'append', path: '/tmp/out' },
    text: `result=${rendered}\n`,
  });
  expect(planClassroomDelivery(rendered, [goldenReport], context({})).primary).toEqual({ destination: { kind: 'stdout' }, text: `${rendered}\n` });
});
