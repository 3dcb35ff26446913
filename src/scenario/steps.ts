import type { AgentName } from '../lab/agent-plan.js';
import type { CheckStep, CheckVerdict, CopyStep, EditStep, ParallelStep, RunExpectation, RunStep, StepContext } from './types.js';

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

/** A step that runs git in a folder of the work area. */
export function git(name: string, cwd: string, args: readonly string[], expect?: RunExpectation): RunStep {
  return { kind: 'run', name, cwd, command: ['git', ...args], ...(expect ? { expect } : {}) };
}

/** A step that runs the tasks app (`python3 cli.py ...`) in a folder of the work area. */
export function app(name: string, cwd: string, args: readonly string[], expect?: RunExpectation): RunStep {
  return { kind: 'run', name, cwd, command: ['python3', 'cli.py', ...args], ...(expect ? { expect } : {}) };
}

/** A step that runs one of the lab folder's scripts with bash. */
export function labScript(name: string, cwd: string, script: 'setup-worktrees.sh' | 'cleanup-worktrees.sh', args: readonly string[] = [], expect?: RunExpectation): RunStep {
  return { kind: 'run', name, cwd, command: ['bash', `{lab}/${script}`, ...args], ...(expect ? { expect } : {}) };
}

/** A step that plays one simulated agent as a real process in a worktree folder. */
export function agent(name: string, plan: AgentName, cwd: string, pauseSeconds = 0.3): RunStep {
  return { kind: 'run', name, cwd, command: ['python3', '{agents}/play-agent.py', `{agents}/${plan}.json`, '.', String(pauseSeconds)] };
}

/** Copies the lab's start snapshot into a new folder of the work area. */
export function copyStart(to = 'tasks-app'): CopyStep {
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
