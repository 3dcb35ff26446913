import { expect, test } from 'vitest';
import { ungradableReport } from '../../../src/batch/ungradable-report.js';
import { buildClassroomRun } from '../../../src/report/grade/classroom.js';
import { renderGithubRun } from '../../../src/report/grade/github.js';
import { buildGradescopeRun } from '../../../src/report/grade/gradescope.js';
import { renderJunitRun } from '../../../src/report/grade/junit.js';
import type { GradeRun } from '../../../src/report/grade/reporter.js';
import { separateUngraded } from '../../../src/report/grade/separate-ungraded.js';
import { goldenReport } from './report-fixtures.js';

const REASON = 'subs/bob is not inside a git repository';
const criteria = goldenReport.criteria.map((criterion) => ({ id: criterion.id, title: criterion.title, points: criterion.maxPoints }));
/** A batch: a graded report, then one that could not be graded, as `wtlab grade subs/*` passes them. */
const batch: GradeRun = { reports: [goldenReport, ungradableReport('subs/bob', REASON, { criteria, git: '2.39.5' })], ungraded: [] };

test("a batch's ungradable report becomes one ungraded submission worth its whole score; graded reports stay as they are", () => {
  expect(separateUngraded(batch)).toEqual({ reports: [goldenReport], ungraded: [{ submission: 'subs/bob', reason: REASON, maxScore: 100 }] });
  const plain: GradeRun = { reports: [goldenReport], ungraded: [] };
  expect(separateUngraded(plain)).toBe(plain);
});

/** Each reader's items for the ungradable submission: [status, text carrying the reason]; and the run's max. */
const readers: readonly [string, (run: GradeRun) => { readonly items: readonly (readonly [string, string])[]; readonly max: number }][] = [
  [
    'classroom',
    (run) => {
      const result = buildClassroomRun(run);
      return { items: result.tests.filter((one) => one.name.includes('subs/bob')).map((one) => [one.status, one.message] as const), max: result.max_score };
    },
  ],
  [
    'gradescope',
    (run) => {
      const result = buildGradescopeRun(run);
      const tests = result.tests.filter((one) => one.name.includes('subs/bob'));
      return { items: tests.map((one) => [one.status ?? 'none', one.output] as const), max: result.tests.reduce((sum, one) => sum + one.max_score, 0) };
    },
  ],
  [
    'junit',
    (run) => {
      const xml = renderJunitRun(run);
      const errors = [...xml.matchAll(/<error message="([^"]*)"/g)].map((match) => ['error', match[1] ?? ''] as const);
      return { items: errors, max: 0 };
    },
  ],
  [
    'github',
    (run) => {
      const lines = renderGithubRun(run)
        .split('\n')
        .filter((line) => line.includes('subs/bob'));
      return { items: lines.map((line) => [/^::(\w+)/.exec(line)?.[1] ?? '', line] as const), max: 0 };
    },
  ],
];

test.each(readers)('%s: the ungradable submission is exactly one error carrying the reason, counted once', (name, read) => {
  const { items, max } = read(batch);
  expect(items).toHaveLength(1);
  expect(items[0]?.[0]).toBe(name === 'gradescope' ? 'failed' : 'error');
  expect(items[0]?.[1]).toContain(REASON);
  if (name === 'classroom' || name === 'gradescope') expect(max).toBe(200);
});
