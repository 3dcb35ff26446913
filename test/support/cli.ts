import { execa, type ResultPromise } from 'execa';
import { join } from 'node:path';
import { packageRoot } from '../../src/paths/package-root.js';

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

/** Runs `wtlab ARGS...` to its end. */
export async function wtlab(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const result = await startWtlab(args, options);
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** stderr without wtlab's warning that the app ran without a sandbox (a machine, such as a CI container, where none can be made). */
export function withoutSandboxWarning(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !/^wtlab: warning: .*the learner's app ran without a sandbox/.test(line))
    .join('\n');
}
