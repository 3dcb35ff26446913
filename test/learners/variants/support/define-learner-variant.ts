import { criterionIds, type CriterionId } from '../../../../graders/index.js';
import type { Stage } from '../../../../src/grade/report-types.js';
import type { Step } from '../../../../src/scenario/types.js';

/** A criterion's verdict a variant must get: `error` is never expected (it is wtlab's own failure). */
export type Verdict = 'pass' | 'fail' | 'skip';

/** One verdict per criterion, every criterion named. */
export type VerdictVector = Readonly<Record<CriterionId, Verdict>>;

/** What grading the variant's folder must give. */
export interface VariantExpectation {
  readonly verdicts: VerdictVector;
  /** Every check that fails, as `criterion/check`, sorted as the report lists them; empty on a valid road. */
  readonly failingChecks: readonly string[];
  readonly stage: Stage;
  readonly exitCode: 0 | 1;
  /** What grading a clone of it must give (local-only checks skip); absent where a clone proves nothing new. */
  readonly clone?: { readonly verdicts: VerdictVector; readonly exitCode: 0 | 1 };
}

/** A learner's road through the lab, built by scenario steps from the start snapshot, and the verdicts it must get. */
export interface LearnerVariant {
  /** Unique, kebab-case; also the scenario's name. */
  readonly name: string;
  /** `valid` roads pass everything gradable; `wrong` roads are mistakes or unfinished work. */
  readonly road: 'valid' | 'wrong';
  /** What the learner did, in one sentence. */
  readonly summary: string;
  /** Steps in the sandbox's work folder; the graded repository is `tasks-app`. */
  readonly steps: readonly Step[];
  /**
   * The id or name of the step the learner runs `wtlab snapshot` before, as the hints say (before cleaning up).
   * @default the step labRoad marks CLEANUP_STEP; a road without one is recorded at its end (it never cleans up),
   * and a road with the lab's own `record-snapshot` step keeps that
   */
  readonly recordBefore?: string;
  /**
   * Seconds each app command may take when the road is graded. @default the grader's (5): only a road whose app hangs
   * sets less, since each of its grades waits the time out.
   */
  readonly secondsPerCommand?: number;
  readonly expect: VariantExpectation;
}

/** Identity helper: gives a learner variant file its type. */
export function defineLearnerVariant<const V extends LearnerVariant>(variant: V): V {
  return variant;
}

/** Every criterion passes (one entry per criterion of graders/index.ts). */
export const ALL_PASS: VerdictVector = Object.fromEntries(criterionIds.map((id) => [id, 'pass'])) as Record<CriterionId, Verdict>;

/** A clone of a finished lab: worktree records and folders cannot be seen, the commit graph and the app can. */
export const CLONE_OF_FINISHED: VerdictVector = { ...ALL_PASS, 'three-worktrees': 'skip', 'cleaned-up': 'skip' };

/** A clone's verdict vector: as a clone of a finished lab except those named. */
export function cloneVerdicts(changes: Partial<Record<CriterionId, Verdict>>): VerdictVector {
  return { ...CLONE_OF_FINISHED, ...changes };
}

/** The same verdict for every criterion. */
export function everyVerdict(verdict: Verdict): VerdictVector {
  return Object.fromEntries(criterionIds.map((id) => [id, verdict])) as Record<CriterionId, Verdict>;
}

/** A verdict vector: every criterion passes except those named. */
export function verdicts(changes: Partial<Record<CriterionId, Verdict>>): VerdictVector {
  return { ...ALL_PASS, ...changes };
}
