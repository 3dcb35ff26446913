import type { GradeRun, UngradedSubmission } from './reporter.js';

/**
 * A run as the readers that count tests see it (Classroom, Gradescope, JUnit, GitHub): a report that could not be graded
 * (a batch's, with `error` set and every criterion `error`) becomes one ungraded submission with its reason, worth its
 * whole `maxScore` once, instead of an error per criterion. Graded reports keep their order; ungraded ones follow.
 */
export function separateUngraded(run: GradeRun): GradeRun {
  const fromReports = run.reports.flatMap((report): UngradedSubmission[] =>
    report.error === undefined ? [] : [{ submission: report.submission, reason: report.error, maxScore: report.maxScore }],
  );
  if (fromReports.length === 0) return run;
  return { reports: run.reports.filter((report) => report.error === undefined), ungraded: [...fromReports, ...run.ungraded] };
}
