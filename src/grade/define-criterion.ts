import type { Evidence } from '../evidence/types.js';
import type { CriterionId, Location } from './report-types.js';

/** What a check decides: the learner's pass or fail, or a skip when the evidence is not in this submission. */
export interface CheckOutcome {
  readonly status: 'pass' | 'fail' | 'skip';
  /** A present-tense fact the learner reads. */
  readonly message: string;
  /** The facts the verdict rests on (hashes, reflog lines, app output). */
  readonly evidence?: string;
  /** The next thing to do, with the exact command; for a skip, how to get it graded. */
  readonly hint?: string;
  readonly location?: Location;
}

/** One named check of a criterion: a pure function of the evidence. */
export interface CheckDefinition {
  readonly id: string;
  /** What the check looks for, as the learner reads it. */
  readonly title: string;
  /** Ids of checks in the same criterion that must pass first; otherwise this one is skipped. */
  readonly dependsOn?: readonly string[];
  readonly run: (evidence: Evidence) => CheckOutcome;
}

export interface CriterionDefinition {
  readonly id: CriterionId;
  readonly title: string;
  readonly points: number;
  readonly checks: readonly CheckDefinition[];
}

/** Identity helper: gives a criterion file its type. */
export function defineCriterion<const C extends CriterionDefinition>(criterion: C): C {
  return criterion;
}

/** Outcome helpers, so checks read as sentences. */
export const pass = (message: string, evidence?: string): CheckOutcome => ({ status: 'pass', message, ...(evidence ? { evidence } : {}) });
export const fail = (message: string, hint: string, evidence?: string, location?: Location): CheckOutcome => ({
  status: 'fail',
  message,
  hint,
  ...(evidence ? { evidence } : {}),
  ...(location ? { location } : {}),
});
export const skip = (message: string, hint: string): CheckOutcome => ({ status: 'skip', message, hint });
