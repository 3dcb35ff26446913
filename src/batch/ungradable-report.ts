import type { CriterionDefinition } from '../grade/define-criterion.js';
import type { GradeReport } from '../grade/report-types.js';
import { submissionLabel } from '../submission/submission-label.js';

export interface UngradableOptions {
  /** The criteria a graded submission would have had (graders/index.ts). */
  readonly criteria: readonly Pick<CriterionDefinition, 'id' | 'title' | 'points'>[];
  /** The git version the batch reads with. */
  readonly git: string;
}

/**
 * The report of a submission that could not be graded, so that every report format lists it: `error`
 * holds the one-line reason, and every criterion is `error` with 0 of its points through one check,
 * `gradable`, carrying that reason (the JSON, pretty and markdown reports show it so). Readers that count
 * tests (Classroom, Gradescope, JUnit, GitHub) see it once, as one error with the reason (separate-ungraded.ts).
 */
export function ungradableReport(given: string, reason: string, options: UngradableOptions): GradeReport {
  // Named as every report names a submission: a URL's token hidden (the label is idempotent, so a label passes unchanged).
  const source = submissionLabel(given);
  const message = `${source} could not be graded: ${reason}`;
  const criteria = options.criteria.map((criterion) => ({
    id: criterion.id,
    title: criterion.title,
    status: 'error' as const,
    points: 0,
    maxPoints: criterion.points,
    checks: [{ id: 'gradable', status: 'error' as const, message, hint: `Fix what the reason says, then grade it again: wtlab grade ${source}` }],
  }));
  return {
    schemaVersion: 1,
    submission: source,
    git: options.git,
    stage: 'start',
    score: 0,
    maxScore: criteria.reduce((sum, criterion) => sum + criterion.maxPoints, 0),
    criteria,
    error: reason,
  };
}
