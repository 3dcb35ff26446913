import { formatCommand, type CommandResult } from '../../src/process/command-result.js';
import { COMPILE_ONCE_SOURCE } from '../../src/evidence/compile-once-source.js';
import { resolvePython } from '../../src/process/resolve-python.js';
import { runProcess } from '../../src/process/run-process.js';
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
 * Runs `cli.py` once per command, in order, in a folder: each in a fresh fork of one Python (argv, working folder,
 * `__main__` and stdin from /dev/null as `python3 cli.py ARGS` would have them; an uncaught exception prints its
 * traceback, runpy's frames in it, and exits 1), so the app's files carry over from one command to the next and its
 * module state does not. One interpreter start for the whole script instead of one per command. Before each fork,
 * the runner compiles the folder's top-level `.py` files whose bytes it has not compiled yet (COMPILE_ONCE_SOURCE), so
 * no fork compiles an unchanged cli.py or tasks.py again; a file the app rewrote is compiled afresh. This runs the
 * maintainer's own lab app (ours, or a course's given with --lab) and compiles its source outside the fork: never done
 * for a learner's app (the grader's driver compiles in the fork, under its limits).
 */
const SCRIPT_RUNNER = `
import json, os, runpy, signal, sys
${COMPILE_ONCE_SOURCE}
folder, commands = sys.argv[1], json.loads(sys.argv[2])
compile_once, warm = install_compile_once()


# Compiles the folder's top-level .py files into the memo (a source already there is only read and looked up).
def warm_folder():
    try:
        names = sorted(name for name in os.listdir(folder) if name.endswith(".py"))[:MEMO_ENTRIES]
    except OSError:
        return
    for name in names:
        path = os.path.join(folder, name)
        try:
            if os.path.isfile(path) and os.path.getsize(path) <= MEMO_SOURCE_BYTES:
                with open(path, "rb") as handle:
                    warm(handle.read(), path)
        except OSError:
            pass


# An anonymous file for a command's output: a memfd where the kernel has one, else tempfile's (imported only then:
# tempfile and traceback were a third of this runner's start-up).
def scratch_file():
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("wtlab-app-output"), "w+b")
    import tempfile
    return tempfile.TemporaryFile()


results = []
for args in commands:
    warm_folder()
    out, err = scratch_file(), scratch_file()
    sys.stdout.flush(); sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0); os.dup2(out.fileno(), 1); os.dup2(err.fileno(), 2)
            os.chdir(folder)
            sys.path[0] = folder
            sys.argv = ["cli.py", *args]
            signal.alarm(20)
            try:
                runpy.run_path(os.path.join(folder, "cli.py"), run_name="__main__")
            except SystemExit as stop:
                if stop.code is None: code = 0
                elif isinstance(stop.code, int): code = stop.code
                else: print(stop.code, file=sys.stderr); code = 1
            except BaseException as error:
                hide_memo_frames(error)
                import traceback
                traceback.print_exception(type(error), error, error.__traceback__); code = 1
        finally:
            try: sys.stdout.flush(); sys.stderr.flush()
            finally: os._exit(code & 0xFF)
    _, status = os.waitpid(pid, 0)
    read = lambda f: (f.seek(0), f.read().decode("utf-8", "replace"))[1]
    signaled = os.WIFSIGNALED(status)
    results.append({"exitCode": 128 + os.WTERMSIG(status) if signaled else os.WEXITSTATUS(status), "timedOut": signaled and os.WTERMSIG(status) == signal.SIGALRM, "stdout": read(out), "stderr": read(err)})
json.dump(results, sys.stdout)
`;

/** One command's outcome from runAppScript, shaped as runProcess gives it. */
function asResult(
  command: readonly string[],
  cwd: string,
  run: { exitCode: number; timedOut: boolean; stdout: string; stderr: string },
  at: number,
): CommandResult {
  return {
    command: ['python3', CLI, ...command],
    cwd,
    exitCode: run.exitCode,
    signal: undefined,
    timedOut: run.timedOut,
    stdout: run.stdout,
    stderr: run.stderr,
    startedAt: at,
    endedAt: Date.now(),
  };
}

/** Runs each command's `python3 cli.py ARGS` in a folder, in order (SCRIPT_RUNNER); throws when the runner itself fails. */
export async function runAppScript(context: StepContext, folder: string, script: readonly (readonly string[])[]): Promise<CommandResult[]> {
  const cwd = context.path(folder);
  const started = Date.now();
  const run = await runProcess([await resolvePython(process.env.PATH ?? '/usr/bin:/bin'), '-c', SCRIPT_RUNNER, cwd, JSON.stringify(script)], {
    cwd,
    env: appEnv(context),
    timeoutMs: 20_000 * Math.max(1, script.length) + 10_000,
  });
  if (run.exitCode !== 0) throw new Error(`the app's script runner failed in ${folder} (exit ${run.exitCode}): ${run.stderr.trim().split('\n').pop() ?? ''}`);
  const runs = JSON.parse(run.stdout) as { exitCode: number; timedOut: boolean; stdout: string; stderr: string }[];
  return runs.map((one, index) => asResult(script[index] ?? [], cwd, one, started));
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
