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

/** What a passing check says: the fact, and what it rests on. */
export interface PassOptions {
  readonly message: string;
  /** Hashes, reflog lines, app output; left out when empty. */
  readonly evidence?: string;
}

/** What a failing check says: the fact, the next command, what it rests on, and where in the learner's files. */
export interface FailOptions extends PassOptions, Partial<Location> {
  readonly hint: string;
}

/** What a skipped check says: why the evidence is not in this submission, and how to get it graded. */
export interface SkipOptions {
  readonly message: string;
  readonly hint: string;
}

/** Outcome helpers, so checks read as sentences; each takes one options object. */
export const pass = (options: PassOptions): CheckOutcome => ({
  status: 'pass',
  message: options.message,
  ...(options.evidence ? { evidence: options.evidence } : {}),
});
export const fail = (options: FailOptions): CheckOutcome => ({
  status: 'fail',
  message: options.message,
  hint: options.hint,
  ...(options.evidence ? { evidence: options.evidence } : {}),
  ...(options.file !== undefined ? { location: { file: options.file, ...(options.line !== undefined ? { line: options.line } : {}) } } : {}),
});
export const skip = (options: SkipOptions): CheckOutcome => ({ status: 'skip', message: options.message, hint: options.hint });
