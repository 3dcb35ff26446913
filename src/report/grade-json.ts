import type { GradeReport } from '../grade/report-types.js';

/** The JSON report of DESIGN.md: one object for one submission, an array for several. */
export function formatGradeJson(reports: readonly GradeReport[]): string {
  return `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`;
}
