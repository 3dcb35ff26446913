import { execa, type ResultPromise } from 'execa';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths/package-root.js';
import { inheritedEnv } from '../../src/process/inherited-env.js';
import { runProcess } from '../../src/process/run-process.js';

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built CLI entry point (npm test builds it first). */
export const WTLAB = join(packageRoot(), 'bin', 'wtlab.js');

/** Starts `wtlab ARGS...` as a real process, without waiting. */
export function startWtlab(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): ResultPromise {
  return execa('node', [WTLAB, ...args], {
    reject: false,
    cwd: options.cwd ?? process.cwd(),
    env: { NO_COLOR: '1', ...options.env },
    stripFinalNewline: false,
  });
}

/**
 * Runs `wtlab ARGS...` to its end (stdin empty, this process's environment with NO_COLOR and `env` on top), started by
 * runProcess: from a test worker (100 to 300 MiB) through the spawn server, a `fork()` of the worker costing more than
 * the CLI's start-up. A run killed by a signal has exit code -1.
 */
export async function wtlab(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const env = inheritedEnv({ NO_COLOR: '1', ...options.env });
  const run = await runProcess([process.execPath, WTLAB, ...args], { cwd: options.cwd ?? process.cwd(), env, timeoutMs: 600_000 });
  return { exitCode: run.signal === undefined ? run.exitCode : -1, stdout: run.stdout, stderr: run.stderr };
}

/** stderr without wtlab's warning that the app ran without a sandbox (a machine, such as a CI container, where none can be made). */
export function withoutSandboxWarning(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !/^wtlab: warning: .*the learner's app ran without a sandbox/.test(line))
    .join('\n');
}
