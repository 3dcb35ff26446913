import { AsyncLocalStorage } from 'node:async_hooks';
import type { CommandResult } from '../process/command-result.js';

/** One git command wtlab ran, as `--explain` shows it. */
export interface GitCommandRun {
  /** The arguments after `git` (without wtlab's own `-c` safety settings). */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly exitCode: number;
  readonly durationMs: number;
}

const current = new AsyncLocalStorage<GitCommandRun[]>();

/** Runs `task` and collects every git command `runGit` starts inside it (also across awaits), in start order. */
export async function recordGitCommands<T>(task: () => Promise<T>): Promise<{ readonly value: T; readonly commands: readonly GitCommandRun[] }> {
  const commands: GitCommandRun[] = [];
  const value = await current.run(commands, task);
  return { value, commands };
}

/** Adds a finished git command to the log of the recording it runs under; a no-op outside one. */
export function noteGitCommand(args: readonly string[], result: CommandResult): void {
  current.getStore()?.push({ args: [...args], cwd: result.cwd, exitCode: result.exitCode, durationMs: result.endedAt - result.startedAt });
}
