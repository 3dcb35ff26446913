import type { CommandResult } from '../process/command-result.js';

/** The two answers a quiz item can have. */
export const ANSWERS = ['shared', 'per-worktree'] as const;

export type Answer = (typeof ANSWERS)[number];

/** What a proof can do in the concepts sandbox: run git in a folder of the work area, find paths. */
export interface Probe {
  /** Runs git in a folder relative to the work area; never throws for a non-zero exit. */
  git(args: readonly string[], cwd: string): Promise<CommandResult>;
  /** Runs git and throws with the command and its stderr unless it exits 0. */
  must(args: readonly string[], cwd: string): Promise<CommandResult>;
  /** Absolute path of a path relative to the work area. */
  path(relative: string): string;
}

/** What one look from one worktree saw: whether the change shows there, and the output that says so. */
export interface Observation {
  readonly seen: boolean;
  /** One line: the command (or file) looked at and what it showed. */
  readonly saw: string;
}

/**
 * How an item is proven: `act` changes something from worktree A, `look` asks whether that change
 * shows from a worktree (it must show from A itself, or the proof cannot decide; from B it decides),
 * `undo` puts the sandbox back for the next proof.
 */
export interface Proof {
  act(probe: Probe, worktree: string): Promise<void>;
  look(probe: Probe, worktree: string): Promise<Observation>;
  undo(probe: Probe, worktree: string): Promise<void>;
}

/** One quiz question: a thing git keeps, and the proof of whether worktrees share it. */
export interface QuizItem {
  /** Stable id, used as the key in `worktree-quiz.json`. */
  readonly id: string;
  /** The thing asked about, as the learner reads it. */
  readonly topic: string;
  /** How a learner can see it for themselves: commands to try, without giving the answer away. */
  readonly tryIt: string;
  readonly proof: Proof;
}

/** What the proof of one item showed on one git. `answer` is absent when the proof could not decide. */
export interface ProofOutcome {
  readonly id: string;
  readonly answer: Answer | undefined;
  readonly evidence: string;
}

/** The answers git itself gives, proven on one git version; cached on disk per version. */
export interface AnswerKey {
  readonly schemaVersion: 1;
  /** The git version the proofs ran on, e.g. `2.39.5`. */
  readonly git: string;
  /** Fingerprint of the items and proof code that made this key (`itemsDigest`). */
  readonly itemsDigest: string;
  /** When the proofs ran (ISO 8601). */
  readonly derivedAt: string;
  /** Item id to the answer its proof showed, for every item. */
  readonly answers: Readonly<Record<string, Answer>>;
  readonly proofs: readonly ProofOutcome[];
}
