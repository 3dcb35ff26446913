import { formatCommand, type CommandResult } from '../../src/process/command-result.js';
import { asCommandResult, runAppCommands } from '../../src/scenario/app-commands.js';
import { check } from '../../src/scenario/steps.js';
import type { CheckStep, StepContext } from '../../src/scenario/types.js';
import { CLI } from './names.js';

/** The environment every run of the app gets: small and fixed, HOME the work area. */
function appEnv(context: StepContext): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: context.work, LC_ALL: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' };
}

/** Runs `python3 cli.py ARGS` once in a folder of the work area (runAppScript with one command); the app's state stays in that folder. */
export async function runApp(context: StepContext, folder: string, args: readonly string[]): Promise<CommandResult> {
  const [run] = await runAppScript(context, folder, [args]);
  if (run === undefined) throw new Error(`the app's script runner gave no result in ${folder}`);
  return run;
}

/**
 * Runs `python3 cli.py ARGS` for each command, in order, in a folder of the work area (runAppCommands: each command
 * in a fresh fork of one kept Python, as `python3 cli.py ARGS` would run it), so the app's files carry over from one
 * command to the next and its module state does not; throws when the runner itself fails.
 */
export async function runAppScript(context: StepContext, folder: string, script: readonly (readonly string[])[]): Promise<CommandResult[]> {
  const cwd = context.path(folder);
  const started = Date.now();
  const runs = await runAppCommands({ folder: cwd, commands: script, env: appEnv(context) });
  return runs.map((one, index) => asCommandResult(one, { command: ['python3', CLI, ...(script[index] ?? [])], cwd, startedAt: started }));
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
 * A check that runs the same command script on a copy of the start snapshot and on the folder
 * (runAppScript, the two folders at once), and fails for each command whose stdout, stderr or exit code differ
 * (the start's own behaviour is the reference: its index base, its messages, its usage). A command the start does
 * not know (it answers as for a name no app has, and fails) passes when the folder still answers that way with the same
 * exit code: its usage text may name the new commands.
 */
export function sameAsStart(title: string, script: readonly (readonly string[])[], where: Compared): CheckStep {
  return check(title, async (context) => {
    // A command name no app has, run first: what the app says for a command it does not know (its usage text, which the
    // agents' new commands rightly change).
    const probed = [[NO_SUCH_COMMAND], ...script];
    const [[startProbe, ...start], [nowProbe, ...now]] = await Promise.all([
      runAppScript(context, where.start, probed),
      runAppScript(context, where.folder, probed),
    ]);
    return script.flatMap((args, index) => {
      const before = start[index] as CommandResult;
      const after = now[index] as CommandResult;
      // A command the start does not know (e.g. `count` in an app without it) must stay unknown, with the same exit code.
      if (startProbe !== undefined && nowProbe !== undefined && args[0] !== undefined && sameAsProbe(before, startProbe, args[0])) {
        return after.exitCode === before.exitCode && sameAsProbe(after, nowProbe, args[0]) ? [] : differences(args, before, after, where.folder);
      }
      return differences(args, before, after, where.folder);
    });
  });
}

/** A command name no tasks-app has. */
const NO_SUCH_COMMAND = 'wtlab-no-such-command';

/** Whether a run said what the app says for a command it does not know: the probe's exit code and output, the command's name in the probe's place. */
function sameAsProbe(run: CommandResult, probe: CommandResult, name: string): boolean {
  const named = (text: string) => text.split(NO_SUCH_COMMAND).join(name);
  return run.exitCode === probe.exitCode && probe.exitCode !== 0 && run.stdout === named(probe.stdout) && run.stderr === named(probe.stderr);
}
