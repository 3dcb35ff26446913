import { OWN_SCRIPT_FLAGS, type AgentBug, type AgentName } from '../lab/agent-plan.js';
import type { CheckStep, CheckVerdict, CopyStep, EditStep, ParallelStep, RunExpectation, RunStep, Step, StepContext } from './types.js';

interface RunOptions {
  readonly cwd?: string;
  readonly expect?: RunExpectation;
  readonly env?: Readonly<Record<string, string>>;
  readonly input?: string;
  readonly timeoutMs?: number;
}

/** A step that runs any program. */
export function run(name: string, command: readonly string[], options: RunOptions = {}): RunStep {
  return { kind: 'run', name, command, ...options };
}

/** What a step that runs one program may add: its expectation, environment, input and time limit. */
type StepRunOptions = Omit<RunOptions, 'cwd'>;

/** A step that runs git in a folder of the work area. */
export function git(name: string, cwd: string, args: readonly string[], options: StepRunOptions = {}): RunStep {
  return run(name, ['git', ...args], { ...options, cwd });
}

/** A step that runs the tasks app (`python3 cli.py ...`) in a folder of the work area (see RunStep.runsApp). */
export function app(name: string, cwd: string, args: readonly string[], options: StepRunOptions = {}): RunStep {
  return { ...run(name, ['python3', 'cli.py', ...args], { ...options, cwd }), runsApp: true };
}

/** Options of a lab script step: the script's arguments, and what it runs like. */
export interface LabScriptOptions extends StepRunOptions {
  /** @default none */
  readonly args?: readonly string[];
}

/** A step that runs one of the lab folder's scripts with bash. */
export function labScript(name: string, cwd: string, script: 'setup-worktrees.sh' | 'cleanup-worktrees.sh', options: LabScriptOptions = {}): RunStep {
  const { args = [], ...rest } = options;
  return run(name, ['bash', `{lab}/${script}`, ...args], { ...rest, cwd });
}

/** How a simulated agent works: its pause between edits, the one file it may touch, a bug it lets through. */
export interface AgentOptions {
  /** Seconds between edits, as if thinking. @default 0.3 */
  readonly pauseSeconds?: number;
  /** Edit only this file (e.g. `cli.py` to redo one side of a merge conflict). */
  readonly only?: string;
  readonly bug?: AgentBug;
}

/**
 * A step that plays one simulated agent as a real process in a folder: `play-agent.py` adds the
 * command to the app there by the app's structure (Python's `ast`), whatever its texts and layout.
 * It runs as `python3 -S` (see OWN_SCRIPT_FLAGS).
 */
export function agent(name: string, command: AgentName, cwd: string, options: AgentOptions = {}): RunStep {
  const extra = [...(options.only ? ['--only', options.only] : []), ...(options.bug ? ['--bug', options.bug] : [])];
  return {
    kind: 'run',
    name,
    cwd,
    command: ['python3', ...OWN_SCRIPT_FLAGS, '{agents}/play-agent.py', command, '.', '--pause', String(options.pauseSeconds ?? 0.3), ...extra],
  };
}

/** Whether a step (or a step inside a parallel one) plays a simulated agent, which needs the app's shape. */
export function playsAgent(step: Step): boolean {
  if (step.kind === 'parallel') return step.steps.some(playsAgent);
  return step.kind === 'run' && step.command.some((part) => part.endsWith('/play-agent.py'));
}

/** Gives a step its stable id. */
export function withId<S extends Step>(id: string, step: S): S {
  return { ...step, id };
}

/** Steps from an ordered record: each key is its step's stable id (duplicate keys do not compile). */
export function idSteps(steps: Readonly<Record<string, Step>>): Step[] {
  return Object.entries(steps).map(([id, step]) => withId(id, step));
}

/** Copies the lab's start snapshot into a new folder of the work area (relative to it). */
export function copyStart(to: string): CopyStep {
  return { kind: 'copy', name: `copy the start snapshot into ${to}`, from: '{start}', to };
}

/** Replaces text in a file (first occurrence of each `find`). */
export function edit(name: string, file: string, replace: EditStep['replace']): EditStep {
  return { kind: 'edit', name, file, replace };
}

/** Writes a whole file. */
export function write(name: string, file: string, content: string): EditStep {
  return { kind: 'edit', name, file, write: content };
}

/** Adds lines at the end of a file, in the file's own line endings: an edit that needs nothing of the file's text. */
export function appendLines(name: string, file: string, lines: readonly string[]): EditStep {
  return { kind: 'edit', name, file, appendLines: lines };
}

/** Deletes a file or a folder tree, as `rm -rf` would. */
export function remove(name: string, file: string): EditStep {
  return { kind: 'edit', name, file, remove: true };
}

/** Asserts on the sandbox's state. */
export function check(name: string, assert: (context: StepContext) => Promise<readonly string[] | CheckVerdict> | readonly string[] | CheckVerdict): CheckStep {
  return { kind: 'check', name, assert };
}

/** Runs several run-steps at the same time. */
export function parallel(name: string, steps: readonly RunStep[]): ParallelStep {
  return { kind: 'parallel', name, steps };
}
