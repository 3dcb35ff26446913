import { expect, test } from 'vitest';
import { GRADESCOPE_RESULTS_DIR, planGradescopeDelivery, renderGradescope } from '../../../src/report/grade/gradescope.js';
import { failingReport, goldenReport } from './report-fixtures.js';

test.each([
  ['golden', goldenReport],
  ['failing', failingReport],
] as const)('the %s results.json has every field Gradescope reads, with the right types', (_name, report) => {
  const results = JSON.parse(renderGradescope([report])) as Record<string, unknown>;
  expect(typeof results.score).toBe('number');
  expect(results.score).toBe(report.score);
  expect(Number.isInteger(results.execution_time)).toBe(true);
  expect(typeof results.output).toBe('string');
  expect(['hidden', 'after_due_date', 'after_published', 'visible']).toContain(results.visibility);
  const tests = results.tests as Record<string, unknown>[];
  expect(tests).toHaveLength(report.criteria.length);
  let total = 0;
  for (const one of tests) {
    expect(typeof one.name).toBe('string');
    expect(typeof one.score).toBe('number');
    expect(typeof one.max_score).toBe('number');
    expect(one.score as number).toBeLessThanOrEqual(one.max_score as number);
    // A skipped criterion is 0 of 0 with no status: shown, never counted as lost.
    if (one.max_score === 0) expect(one.status).toBeUndefined();
    else expect(['passed', 'failed']).toContain(one.status);
    expect(one.output_format).toBe('text');
    expect(typeof one.output).toBe('string');
    expect(['hidden', 'after_due_date', 'after_published', 'visible']).toContain(one.visibility);
    total += one.score as number;
  }
  expect(total).toBe(report.score);
});

test('hints are in the failing test output, and the next step in the overall output', () => {
  const results = JSON.parse(renderGradescope([failingReport])) as { output: string; tests: { name: string; status: string; output: string }[] };
  const merged = results.tests.find((one) => one.name.startsWith('merged'))!;
  expect(merged.status).toBe('failed');
  expect(merged.output).toContain('no-conflict-markers (cli.py:31): cli.py still has a conflict marker at line 31.\n  Hint: Keep both commands');
  expect(results.output).toContain('Next: Resolve the conflict in cli.py');
});

test('writes to /autograder/results/results.json only when that folder exists', () => {
  const rendered = renderGradescope([goldenReport]);
  const inside = planGradescopeDelivery(rendered, [goldenReport], { env: {}, isTTY: false, pathExists: (path) => path === GRADESCOPE_RESULTS_DIR });
  expect(inside.primary.destination).toEqual({ kind: 'write', path: '/autograder/results/results.json' });
  const outside = planGradescopeDelivery(rendered, [goldenReport], { env: {}, isTTY: false, pathExists: () => false });
  expect(outside.primary.destination).toEqual({ kind: 'stdout' });
});
