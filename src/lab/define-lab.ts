import type { LabEvidenceOptions } from '../evidence/gather-evidence.js';
import type { Evidence, LinkedWorktreeObservation } from '../evidence/types.js';
import type { CriterionDefinition } from '../grade/define-criterion.js';
import type { Stage } from '../grade/report-types.js';
import type { ProofOutcome, QuizItem } from '../quiz/types.js';
import type { Scenario } from '../scenario/types.js';
import type { AppNaming } from '../submission/app-naming.js';

/** Where the repository is in the lab, and the lab's next step with the exact command. */
export interface StageReport {
  readonly stage: Stage;
  readonly nextStep: string;
}

/** What the engine tells the stage: the checks that failed or broke, in report order (`criterion/check`, with the check's hint). */
export interface StageOptions {
  readonly unmet?: readonly { readonly id: string; readonly hint?: string }[];
}

/** Options of the scenario that proves the quiz's answer key on one git. */
export interface QuizProofsOptions {
  /** Receives each proof's outcome as it is known. */
  readonly onProof?: (outcome: ProofOutcome) => void;
  /** @default the lab's quiz items */
  readonly items?: readonly QuizItem[];
}

/** The lab's concepts quiz: its answers file, its items, and the scenario whose proofs give the key. */
export interface LabQuiz {
  /** The answers file the learner commits in the main worktree, e.g. `worktree-quiz.json`. */
  readonly file: string;
  /** Every item, in the order the proofs run and `wtlab quiz --print` lists them. */
  readonly items: readonly QuizItem[];
  /** Loads the builder of the proofs scenario (loaded only when a key must be proven, so a grade with a cached key stays small). */
  readonly proofs: () => Promise<(options: QuizProofsOptions) => Scenario>;
}

/** How the lab tells a learner to clean up, for `wtlab snapshot`'s advice. */
export interface LabCleanup {
  /** What to say and the commands that remove one linked worktree (at `path`, as seen), e.g. deleting a non-ignored state file first. */
  readonly removeSteps: (path: string, observed: LinkedWorktreeObservation | undefined) => { readonly say: string; readonly commands: string };
  /** The command that drops stale worktree records, e.g. `git worktree prune`. */
  readonly prune: string;
}

/** The lab's scenarios, loaded when `wtlab scenarios` or `wtlab demo` runs. */
export interface LabScenarios {
  /** Every scenario, in the order `wtlab scenarios` runs them. */
  readonly all: readonly Scenario[];
  /** The scenario `wtlab demo` plays and then grades: the whole lab as a learner does it. */
  readonly demo: Scenario;
  /** Scenarios whose size `--agents N` sets, by name (N concurrent agents). @default none */
  readonly sized?: Readonly<Record<string, (agents: number) => Scenario>>;
}

/**
 * Everything the engine needs to know about one lab: the criteria it grades, how it tells the
 * stage, what evidence to gather, the quiz, the scenarios and the learner's folder name. The engine
 * (src/) takes it as a parameter and never imports lab content; one lab definition composes it.
 */
export interface Lab {
  /** The learner's repository folder, as the lab names it (e.g. `tasks-app`): where scenarios build it and `wtlab demo` grades it. */
  readonly repo: string;
  /** Where the course keeps that folder, as hints write it (e.g. `~/ai-workflow-course/tasks-app`). */
  readonly repoPath: string;
  /** Every criterion, in report order; the sum of their points is the maximum score. */
  readonly criteria: readonly CriterionDefinition[];
  /** How far through the lab a repository is, from its evidence. */
  readonly detectStage: (evidence: Evidence, options: StageOptions) => StageReport;
  /** What to gather from a submission: files, main branches, history branches and how the app is run. */
  readonly evidence: LabEvidenceOptions;
  readonly quiz: LabQuiz;
  readonly cleanup: LabCleanup;
  /** Loads the scenarios (kept out of `wtlab grade`'s start-up). */
  readonly scenarios: () => Promise<LabScenarios>;
}

/** Identity helper: gives a lab definition its type. */
export function defineLab<const L extends Lab>(lab: L): L {
  return lab;
}

/** The names a lab gives the learner's repository, as the submission reader and hints take them. */
export function labNaming(lab: Pick<Lab, 'repo' | 'repoPath' | 'evidence'>): AppNaming {
  return { repo: lab.repo, repoPath: lab.repoPath, ...(lab.evidence.appEntry !== undefined ? { appEntry: lab.evidence.appEntry } : {}) };
}
