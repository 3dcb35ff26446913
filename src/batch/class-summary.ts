import type { CriterionId, Status } from '../grade/report-types.js';
import type { GradedSubmission } from './types.js';
import { compareText } from '../text/compare-text.js';

/** How one criterion went across a class. */
export interface CriterionTally {
  readonly id: CriterionId;
  readonly pass: number;
  readonly fail: number;
  readonly skip: number;
  readonly error: number;
}

/** A failing check and how many submissions failed it. */
export interface FailingCheck {
  /** `criterion/check`, e.g. `merged/no-conflict-markers`. */
  readonly id: string;
  /** The check's title (what it looks for), the same for every learner; the id when no title is known. */
  readonly title: string;
  readonly count: number;
}

export interface SummarizeOptions {
  /** Each check's title by `criterion/check` id (from the criteria definitions). @default none: the id stands in */
  readonly checkTitles?: Readonly<Record<string, string>>;
}

/** What a teacher reads after grading a class. */
export interface ClassSummary {
  readonly submissions: number;
  readonly graded: number;
  readonly notGraded: number;
  /** Graded with every criterion passed or skipped. */
  readonly allPassed: number;
  readonly criteria: readonly CriterionTally[];
  /** Most common first; ties by id. */
  readonly failingChecks: readonly FailingCheck[];
}

/**
 * Counts a batch's results per criterion and per failing check. A failing check is shown by its title,
 * never by one learner's message (which names their own paths and commits).
 */
export function summarizeClass(results: readonly GradedSubmission[], options: SummarizeOptions = {}): ClassSummary {
  const tallies = new Map<CriterionId, Record<Status, number>>();
  const failing = new Map<string, number>();
  let allPassed = 0;
  for (const { report } of results) {
    if (report === undefined) continue;
    if (report.criteria.every((criterion) => criterion.status === 'pass' || criterion.status === 'skip')) allPassed += 1;
    for (const criterion of report.criteria) {
      const tally = tallies.get(criterion.id) ?? { pass: 0, fail: 0, skip: 0, error: 0 };
      tally[criterion.status] += 1;
      tallies.set(criterion.id, tally);
      for (const check of criterion.checks) {
        if (check.status !== 'fail') continue;
        const id = `${criterion.id}/${check.id}`;
        failing.set(id, (failing.get(id) ?? 0) + 1);
      }
    }
  }
  const graded = results.filter((result) => result.report !== undefined).length;
  return {
    submissions: results.length,
    graded,
    notGraded: results.length - graded,
    allPassed,
    criteria: [...tallies].map(([id, tally]) => ({ id, ...tally })),
    failingChecks: [...failing]
      .map(([id, count]) => ({ id, title: options.checkTitles?.[id] ?? id, count }))
      .sort((a, b) => b.count - a.count || compareText(a.id, b.id)),
  };
}

/** Exit code of a batch: 2 when any submission could not be graded, else 1 when any criterion failed or errored, else 0. */
export function batchExitCode(results: readonly GradedSubmission[]): number {
  if (results.some((result) => result.report === undefined)) return 2;
  const failed = results.some((result) => result.report?.criteria.some((criterion) => criterion.status === 'fail' || criterion.status === 'error'));
  return failed ? 1 : 0;
}

/** The class summary as text for a teacher: per-criterion counts, then the most common failing checks. */
export function formatClassSummary(summary: ClassSummary, options: { readonly topChecks?: number } = {}): string {
  const top = options.topChecks ?? 10;
  const width = Math.max(9, ...summary.criteria.map((criterion) => criterion.id.length));
  const lines = [
    `Class summary: ${summary.submissions} submissions, ${summary.graded} graded, ${summary.notGraded} could not be graded, ${summary.allPassed} with no failed criterion`,
    '',
    `  ${'criterion'.padEnd(width)}  passed  failed  skipped  error`,
    ...summary.criteria.map(
      (criterion) =>
        `  ${criterion.id.padEnd(width)}  ${String(criterion.pass).padStart(6)}  ${String(criterion.fail).padStart(6)}  ${String(criterion.skip).padStart(7)}  ${String(criterion.error).padStart(5)}`,
    ),
  ];
  if (summary.failingChecks.length > 0) {
    lines.push('', `Most common failing checks (top ${Math.min(top, summary.failingChecks.length)} of ${summary.failingChecks.length}):`);
    for (const check of summary.failingChecks.slice(0, top)) lines.push(`  ${String(check.count).padStart(4)}  ${check.id}: ${check.title}`);
  }
  return `${lines.join('\n')}\n`;
}
