import type { GitCommandRun } from '../git/git-command-log.js';
import type { GradeReport } from '../grade/report-types.js';

/** One submission of a batch, graded or not: exactly one of `report` and `error` is set. */
export interface GradedSubmission {
  /** The path or URL as shown: as given, but a URL's password or token hidden (`submissionLabel`). */
  readonly source: string;
  readonly report?: GradeReport;
  /** Why it could not be graded (not a repo, unreadable archive, wtlab broke), one line. */
  readonly error?: string;
  /** The git commands grading ran, in start order (for `--explain`). */
  readonly commands: readonly GitCommandRun[];
}
