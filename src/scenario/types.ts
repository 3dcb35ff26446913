import type { CommandResult } from '../process/command-result.js';
import type { GitBinary } from '../git/git-binary.js';
import type { LabFolder } from '../lab/lab-folder.js';

/** A check on one output stream: a string it must contain, a pattern it must match, or its negation. */
export type TextCheck = string | RegExp | { readonly equals: string } | { readonly not: string | RegExp } | LabText;

/**
 * Text the lab shows. The step passes when git prints it; when git prints one of the known
 * `variants` instead, the step still passes on behaviour and reports a drift finding.
 */
export interface LabText {
  /** The text as the lab shows it, or a pattern for it (then `label` says how to show it). */
  readonly lab: string | RegExp;
  /** How reports show a pattern `lab`. */
  readonly label?: string;
  readonly variants?: readonly (string | RegExp | TextVariant)[];
  /**
   * Git versions that print the lab's text on the other stream (stdout instead of stderr or back):
   * there it is a `stream` finding, not a failure. Only for `stdout` and `stderr` checks.
   */
  readonly otherStream?: { readonly since?: string; readonly until?: string };
}

/** What kind of difference a finding reports. */
export type FindingKind = 'wording' | 'stream' | 'behaviour' | 'claim' | 'module-text';

/**
 * A known other wording of a lab text, with the git versions that print it. A variant seen on a
 * version outside `since`..`until` is a failure: git changed in a way nobody measured yet.
 */
export interface TextVariant {
  readonly text: string | RegExp;
  /** The first git version that prints it, e.g. `2.43`. */
  readonly since?: string;
  /** The last git version that prints it, e.g. `2.42` (inclusive; `2.42` covers 2.42.x). */
  readonly until?: string;
  /** @default 'wording' */
  readonly kind?: FindingKind;
}

export interface RunExpectation {
  /** An exact exit code, or `nonzero` for any refusal. @default 0 */
  readonly exitCode?: number | 'nonzero' | 'any';
  readonly stdout?: TextCheck | readonly TextCheck[];
  readonly stderr?: TextCheck | readonly TextCheck[];
  /** Checked against stdout and stderr together. */
  readonly output?: TextCheck | readonly TextCheck[];
}

/** What every step has: a stable id (what tests, milestones and other steps refer to) and a title for reports. */
export interface StepIdentity {
  /** Stable, kebab-case, unique within a scenario; never derived from the title. Steps nothing refers to may omit it. */
  readonly id?: string;
  /** The title reports show; free to reword. */
  readonly name: string;
}

/** Runs one program. `git` goes through the sealed git runner; `{lab}`, `{work}`, `{agents}` are filled in. */
export interface RunStep extends StepIdentity {
  readonly kind: 'run';
  /** Folder relative to the sandbox's work folder. @default '.' */
  readonly cwd?: string;
  readonly command: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
  readonly timeoutMs?: number;
  readonly expect?: RunExpectation;
  /** Run again up to this many times while it exits non-zero; each failed try is kept as a finding. @default 0 */
  readonly retries?: number;
  /** The command for later tries, when a failed first try may have half-succeeded (e.g. `worktree add` without `-b` once the branch exists). */
  readonly retryCommand?: readonly string[];
  /**
   * The command is `python3 cli.py ARGS`, the lab's app: it runs in a fresh fork of a kept Python (runAppCommands in
   * src/scenario/app-commands.ts), as that command would, instead of an interpreter started for it. A step with
   * `input` still starts its own. @default false
   */
  readonly runsApp?: boolean;
}

/** A file change: replacements, a whole new content, appended lines, or a removal. */
export interface EditStep extends StepIdentity {
  readonly kind: 'edit';
  /** Path relative to the work folder. */
  readonly file: string;
  readonly replace?: readonly { readonly find: string; readonly replace: string }[];
  readonly write?: string;
  /** Lines added at the end, each ended with the file's own line ending (CRLF when the file uses it). */
  readonly appendLines?: readonly string[];
  readonly remove?: boolean;
}

/** Copies a folder (`{start}` for the lab's snapshot) into the work folder. */
export interface CopyStep extends StepIdentity {
  readonly kind: 'copy';
  readonly from: string;
  readonly to: string;
}

/** A finding a check step makes about the sandbox's state (the engine adds step and version). */
export interface CheckFinding {
  readonly kind: FindingKind;
  readonly expected: string;
  readonly actual: string;
}

/** A check step's verdict: failed expectations, and findings that are reported without failing. */
export interface CheckVerdict {
  readonly failures: readonly string[];
  readonly findings?: readonly CheckFinding[];
}

/** Asserts on the state of the sandbox; returns one line per failed expectation (or a verdict with findings). */
export interface CheckStep extends StepIdentity {
  readonly kind: 'check';
  readonly assert: (context: StepContext) => Promise<readonly string[] | CheckVerdict> | readonly string[] | CheckVerdict;
}

/** Runs its steps at the same time, as real concurrent processes. */
export interface ParallelStep extends StepIdentity {
  readonly kind: 'parallel';
  readonly steps: readonly RunStep[];
}

export type Step = RunStep | EditStep | CopyStep | CheckStep | ParallelStep;

/** A scripted lab run: a name, what it shows, and its steps in order. */
export interface Scenario {
  readonly name: string;
  readonly summary: string;
  readonly steps: readonly Step[];
}

/** What steps can see and do while a scenario runs. */
export interface StepContext {
  readonly work: string;
  readonly lab: LabFolder;
  readonly git: GitBinary;
  /** Absolute path of a path relative to the work folder. */
  path(relative: string): string;
  /** Runs git in a folder relative to the work folder (`.` for the work folder itself), with the scenario's sealed environment. */
  runGit(args: readonly string[], cwd: string): Promise<CommandResult>;
  /** The result of an earlier step by its id. */
  result(id: string): StepResult | undefined;
}

export type StepStatus = 'pass' | 'fail' | 'drift' | 'skipped';

/** Output that differs from the lab text but behaves the same on this git version. */
export interface DriftFinding {
  readonly step: string;
  /** Where the difference was seen; `state` for a check step's finding. */
  readonly stream: 'stdout' | 'stderr' | 'output' | 'state';
  readonly gitVersion: string;
  readonly expected: string;
  readonly actual: string;
  /** @default 'wording' */
  readonly kind?: FindingKind;
}

/**
 * A git call that failed while a step ran (lock contention, auto-gc, ...): a fact about git, kept
 * with its exact output. Found by a step's retries, or printed by its process as a line
 * `wtlab-finding {json}` on stdout.
 */
export interface GitCallFinding {
  readonly step: string;
  readonly gitVersion: string;
  readonly command: readonly string[];
  readonly cwd?: string;
  readonly exitCode: number;
  readonly stderr: string;
  readonly durationMs: number;
  /** 1 for the first try. */
  readonly attempt: number;
  /** A later try succeeded, or the change got in despite the failure. */
  readonly recovered: boolean;
}

export interface StepResult {
  /** The step's id, when it has one. */
  readonly id?: string;
  readonly name: string;
  readonly kind: Step['kind'];
  readonly status: StepStatus;
  readonly failures: readonly string[];
  readonly drift: readonly DriftFinding[];
  /** The process a run step started (for a parallel step: one per sub-step, in `children`). */
  readonly run?: CommandResult;
  readonly children?: readonly StepResult[];
  /** Failed git calls the step saw and recovered from or not; only present when there were any. */
  readonly findings?: readonly GitCallFinding[];
  readonly durationMs: number;
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly summary: string;
  readonly git: { readonly version: string; readonly path: string };
  readonly lab: string;
  readonly status: 'pass' | 'fail';
  /** The steps run: all of them, or those from `resumed.stepsDone` on. */
  readonly steps: readonly StepResult[];
  readonly durationMs: number;
  /** Present when the run went on from a copy of an earlier run's work folder (`runScenario`'s `resume`). */
  readonly resumed?: { readonly from: string; readonly stepsDone: number };
}
