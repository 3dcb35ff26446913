/** The JSON report contract of DESIGN.md (`schemaVersion` 1). Other tools read it: change only by adding fields. */

export type CriterionId = 'three-worktrees' | 'parallel-agents' | 'merged' | 'cleaned-up' | 'concepts';

/** pass; fail (the learner's); skip (the evidence is not in this kind of submission); error (wtlab broke, never the learner's fault). */
export type Status = 'pass' | 'fail' | 'skip' | 'error';

/** How far through the lab the repository is. */
export type Stage = 'start' | 'worktrees' | 'committed' | 'merging' | 'merged' | 'cleaned';

/** A place in the learner's files a check points at (for JUnit `file`/`line`, GitHub annotations). */
export interface Location {
  readonly file: string;
  readonly line?: number;
}

export interface CheckResult {
  readonly id: string;
  readonly status: Status;
  /** What the learner reads: a present-tense fact. */
  readonly message: string;
  /** The facts the verdict rests on (reflog lines, hashes, command output). */
  readonly evidence?: string;
  /** The next thing to do, with the exact command. Absent on a pass. */
  readonly hint?: string;
  readonly location?: Location;
}

export interface CriterionResult {
  readonly id: CriterionId;
  readonly title: string;
  readonly status: Status;
  readonly points: number;
  readonly maxPoints: number;
  readonly checks: readonly CheckResult[];
}

export interface GradeReport {
  readonly schemaVersion: 1;
  /** The path or URL as given on the command line. */
  readonly submission: string;
  /** The version of git that read it, e.g. `2.39.5`. */
  readonly git: string;
  readonly stage: Stage;
  /** What to do next in the lab, for learners self-checking mid-way. */
  readonly nextStep?: string;
  readonly score: number;
  readonly maxScore: number;
  readonly criteria: readonly CriterionResult[];
  /** The commit graph (`git log --graph` style), feature branches and merges marked. */
  readonly graph?: string;
  readonly durationMs?: number;
  /** Things the learner or teacher should know that are not a check's verdict (an ignored snapshot). */
  readonly warnings?: readonly string[];
  /** Set only in a batch, for a submission that could not be graded: the one-line reason (every criterion is then `error`, 0 points). */
  readonly error?: string;
}
