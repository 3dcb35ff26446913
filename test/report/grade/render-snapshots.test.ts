import { describe, expect, test } from 'vitest';
import type { GradeReport } from '../../../src/grade/report-types.js';
import { GRADE_FORMATS, gradeReporters } from '../../../src/report/grade/index.js';
import { failingReport, goldenReport } from './report-fixtures.js';

const fixtures: readonly (readonly [string, readonly GradeReport[]])[] = [
  ['golden', [goldenReport]],
  ['failing', [failingReport]],
  ['two submissions', [goldenReport, failingReport]],
];

describe.each(GRADE_FORMATS)('%s output', (format) => {
  test.each(fixtures)('for the %s report is pinned', (_name, reports) => {
    const rendered = gradeReporters[format].render(reports);
    expect(rendered).toMatchSnapshot();
  });

  test('renders without colour codes unless asked for', () => {
    expect(gradeReporters[format].render([failingReport])).not.toMatch(/\u001b\[/);
  });
});

test('every registered reporter is named as its key and merges options over its defaults', () => {
  for (const format of GRADE_FORMATS) {
    const reporter = gradeReporters[format];
    expect(reporter.name).toBe(format);
    expect(reporter.summary.length).toBeGreaterThan(10);
    expect(reporter.render([goldenReport], {})).toBe(reporter.render([goldenReport], { ...reporter.defaultOptions }));
  }
});
