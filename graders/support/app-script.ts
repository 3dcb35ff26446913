import type { AppBehaviour, AppCommandRun } from '../../src/evidence/types.js';
import { APP_ENTRY, NEW_COMMANDS, OLD_COMMANDS, type AppStep } from '../lab.js';
import { commandsInUsage } from './usage-commands.js';

/** What runs first on the learner's start: the bare command, which prints the usage. */
export const APP_PROBE: readonly AppStep[] = [{ name: 'usage', args: [] }];

/** The tasks the script adds: our own titles, so that their lines can be told apart in any app's `list`. */
export const SCRIPT_TASKS: readonly string[] = ['alpha task', 'bravo task', 'charlie task'];

/** A task added just before `wipe`, so that a `wipe` that leaves tasks behind shows. */
export const LAST_TASK = 'delta task';

/** At most this many extra commands of a carried-forward app are tried. */
const MAX_EXTRAS = 6;

/** The usage text the start printed, stdout and stderr together. */
export function usageText(probe: AppBehaviour): string {
  const usage = probe.runs.find((run) => run.name === 'usage');
  return usage === undefined ? '' : `${usage.stdout}\n${usage.stderr}`;
}

/** The commands the start's usage names beyond the module's old ones and the lab's new ones (e.g. `edit`, `clear-done`). */
export function extraCommands(probe: AppBehaviour): { readonly name: string; readonly args: readonly string[] }[] {
  const known = new Set([...OLD_COMMANDS, ...NEW_COMMANDS, 'help']);
  return commandsInUsage(usageText(probe), APP_ENTRY)
    .filter((command) => !known.has(command.name))
    .slice(0, MAX_EXTRAS)
    .map((command) => ({
      name: command.name,
      args: command.placeholders.map((placeholder) => (/index|num|number|\bn\b|id|pos|position/i.test(placeholder) ? '1' : 'renamed task')),
    }));
}

/**
 * The script run on the start and on main, the same on both. Indexes 1 and 2 exist whether the app
 * counts from 0 or from 1; `done 0` and `done 3` then finish the third task in either case (the
 * other one is an error on both sides), so every state is reached without knowing the index base.
 * States for `remaining`: none, two of three pending, all done, and after `wipe`.
 */
export function appScript(probe: AppBehaviour): AppStep[] {
  const [first, second, third] = SCRIPT_TASKS as [string, string, string];
  const extras = extraCommands(probe);
  return [
    { name: 'usage', args: [] },
    { name: 'list-empty', args: ['list'] },
    { name: 'remaining-none', args: ['remaining'] },
    { name: 'add-first', args: ['add', first] },
    { name: 'add-second', args: ['add', second] },
    { name: 'add-third', args: ['add', third] },
    { name: 'list-fresh', args: ['list'] },
    { name: 'count-fresh', args: ['count'] },
    { name: 'done-1', args: ['done', '1'] },
    { name: 'list-some', args: ['list'] },
    { name: 'count-some', args: ['count'] },
    { name: 'remaining-some', args: ['remaining'] },
    { name: 'done-2', args: ['done', '2'] },
    { name: 'done-0', args: ['done', '0'] },
    { name: 'done-3', args: ['done', '3'] },
    { name: 'list-all-done', args: ['list'] },
    { name: 'remaining-all-done', args: ['remaining'] },
    { name: 'delete-1', args: ['delete', '1'] },
    { name: 'list-after-delete', args: ['list'] },
    ...extras.flatMap((extra) => [
      { name: `extra-${extra.name}`, args: [extra.name, ...extra.args] },
      { name: `list-after-${extra.name}`, args: ['list'] },
    ]),
    { name: 'add-last', args: ['add', LAST_TASK] },
    { name: 'wipe', args: ['wipe'] },
    { name: 'list-after-wipe', args: ['list'] },
    { name: 'remaining-after-wipe', args: ['remaining'] },
  ];
}

/** Each `remaining` step and the `list` step that shows the same state. */
export const REMAINING_STATES: readonly { readonly remaining: string; readonly list: string; readonly state: string }[] = [
  { remaining: 'remaining-none', list: 'list-empty', state: 'with no tasks' },
  { remaining: 'remaining-some', list: 'list-some', state: 'with 3 tasks, 1 done' },
  { remaining: 'remaining-all-done', list: 'list-all-done', state: 'with every task done' },
  { remaining: 'remaining-after-wipe', list: 'list-after-wipe', state: 'after wipe' },
];

/** The first step of the script that is about the new commands: old commands are compared up to it. */
export const FIRST_NEW_STATE_STEP = 'wipe';

/** A run by step name. */
export function runNamed(runs: readonly AppCommandRun[], name: string): AppCommandRun | undefined {
  return runs.find((run) => run.name === name);
}

/**
 * Where the app starts counting, told from its own runs: `done 0` finishes a task and `done 3` does
 * not (from 0), or the other way round (from 1); undefined when the runs do not say.
 */
export function indexBase(runs: readonly AppCommandRun[]): 0 | 1 | undefined {
  const zero = runNamed(runs, 'done-0');
  const three = runNamed(runs, 'done-3');
  if (zero === undefined || three === undefined) return undefined;
  if (zero.exitCode === 0 && three.exitCode !== 0) return 0;
  if (three.exitCode === 0 && zero.exitCode !== 0) return 1;
  return undefined;
}
