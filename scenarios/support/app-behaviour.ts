import { formatCommand, type CommandResult } from '../../src/process/command-result.js';
import { resolvePython } from '../../src/process/resolve-python.js';
import { runProcess } from '../../src/process/run-process.js';
import { check } from '../../src/scenario/steps.js';
import type { CheckStep, StepContext } from '../../src/scenario/types.js';
import { CLI } from './names.js';

/** Runs `python3 cli.py ARGS` in a folder of the work area, with a small fixed environment; the app's state stays in that folder. */
export async function runApp(context: StepContext, folder: string, args: readonly string[]): Promise<CommandResult> {
  return runProcess([await resolvePython(process.env.PATH ?? '/usr/bin:/bin'), CLI, ...args], {
    cwd: context.path(folder),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: context.work, LC_ALL: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
    timeoutMs: 20_000,
  });
}

function shown(result: CommandResult): string {
  const stream = (label: string, text: string) => `${label} ${text === '' ? '(empty)' : JSON.stringify(text)}`;
  return `exit ${result.timedOut ? 'timed out' : result.exitCode}, ${stream('stdout', result.stdout)}, ${stream('stderr', result.stderr)}`;
}

/** One failure line when two runs of the same command differ, the start's and the other side by side; none when they match. */
export function differences(args: readonly string[], start: CommandResult, now: CommandResult, label: string): string[] {
  if (start.exitCode === now.exitCode && start.stdout === now.stdout && start.stderr === now.stderr && !now.timedOut) return [];
  return [`\`python3 cli.py ${formatCommand(args)}\` changed since the start:\n  start: ${shown(start)}\n  ${label}: ${shown(now)}`];
}

/** Where a behaviour comparison runs: a copy of the start snapshot and the folder under test, both relative to the work area. */
export interface Compared {
  readonly start: string;
  readonly folder: string;
}

/**
 * A check that runs the same command script on a copy of the start snapshot and on the folder,
 * one command at a time, and fails for each command whose stdout, stderr or exit code differ
 * (the start's own behaviour is the reference: its index base, its messages, its usage).
 */
export function sameAsStart(title: string, script: readonly (readonly string[])[], where: Compared): CheckStep {
  return check(title, async (context) => {
    const failures: string[] = [];
    for (const args of script) {
      const start = await runApp(context, where.start, args);
      const now = await runApp(context, where.folder, args);
      failures.push(...differences(args, start, now, where.folder));
    }
    return failures;
  });
}
