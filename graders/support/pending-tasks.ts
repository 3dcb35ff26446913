import type { AppCommandRun } from '../../src/evidence/types.js';
import { runNamed, SCRIPT_TASKS } from './app-script.js';
import { outputLines, sameBehaviour } from './compare-runs.js';

/**
 * How many of the script's tasks are pending in a state, read from the app's own `list` output:
 * a task is pending while its line is exactly as `list-fresh` showed it, before anything was done
 * (finishing a task changes its line or hides it). Undefined when `list-fresh` does not show each
 * task on exactly one line, or the state's `list` failed.
 */
export function pendingInList(runs: readonly AppCommandRun[], listStep: string): number | undefined {
  const fresh = runNamed(runs, 'list-fresh');
  const state = runNamed(runs, listStep);
  if (fresh === undefined || state === undefined || fresh.exitCode !== 0 || state.exitCode !== 0 || state.timedOut) return undefined;
  const freshLines = outputLines(fresh.stdout);
  const taskLines = SCRIPT_TASKS.map((task) => freshLines.filter((line) => line.includes(task)));
  if (taskLines.some((lines) => lines.length !== 1)) return undefined;
  const lines = new Set(outputLines(state.stdout));
  return taskLines.filter((found) => lines.has(found[0] as string)).length;
}

/** Pending tasks after `wipe`: none when `list` prints what the start's `list` printed for an empty list; undefined otherwise. */
export function pendingAfterWipe(runs: readonly AppCommandRun[], emptyList: AppCommandRun | undefined): number | undefined {
  const after = runNamed(runs, 'list-after-wipe');
  return after !== undefined && emptyList !== undefined && sameBehaviour(after, emptyList) ? 0 : undefined;
}
