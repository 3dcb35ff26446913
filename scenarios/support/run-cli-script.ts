import { COMPILE_ONCE_SOURCE } from '../../src/evidence/compile-once-source.js';
import type { CommandResult } from '../../src/process/command-result.js';
import { resolvePython } from '../../src/process/resolve-python.js';
import { runProcess } from '../../src/process/run-process.js';
import { CLI } from './names.js';

/**
 * Runs `cli.py` once per command, in order, in each of one or more folders (one folder's commands after the other's,
 * each folder's files its own): each command in a fresh fork of one Python (argv, working folder, `__main__` and stdin
 * from /dev/null as `python3 cli.py ARGS` would have them; an uncaught exception prints its traceback, runpy's frames
 * in it, and exits 1), so the app's files carry over from one command to the next and its module state does not. One
 * interpreter start for all the scripts instead of one per command. Before each fork, the runner compiles the folder's
 * top-level `.py` files whose bytes it has not compiled yet (COMPILE_ONCE_SOURCE), so no fork compiles an unchanged
 * cli.py or tasks.py again; a file the app rewrote is compiled afresh. This runs the maintainer's own lab app (ours, a
 * course's given with --lab, or a test's) and compiles its source outside the fork: never done for a learner's app
 * (the grader's driver compiles in the fork, under its limits).
 */
const SCRIPT_RUNNER = `
import json, os, runpy, signal, sys
${COMPILE_ONCE_SOURCE}
scripts = json.loads(sys.argv[1])
compile_once, warm = install_compile_once()


# Compiles the folder's top-level .py files into the memo (a source already there is only read and looked up).
def warm_folder(folder):
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


# Runs one folder's commands in order, each in a fresh fork; returns each one's exit code, timeout and output.
def run_script(folder, commands):
    results = []
    for args in commands:
        warm_folder(folder)
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
    return results


json.dump([run_script(folder, commands) for folder, commands in scripts], sys.stdout)
`;

/** One folder's script for runCliScripts: the folder holding `cli.py` and the commands to run there. */
export interface CliScript {
  /** The absolute folder holding `cli.py`: every command's working folder, where the app's files stay from one command to the next. */
  readonly folder: string;
  /** Each command's arguments after `cli.py`, run in this order (an empty list runs `python3 cli.py` alone). */
  readonly commands: readonly (readonly string[])[];
}

/** What runCliScripts runs, and with what environment. */
export interface CliScriptsOptions {
  /** The folders' scripts, run one after the other (each folder's commands in order), in one interpreter. */
  readonly scripts: readonly CliScript[];
  /** The whole environment of the runner and so of every command (nothing of this process's is added); `python3` is looked up on its PATH. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * How the runner's own failure names the folders.
   * @default the folders, comma-separated
   */
  readonly label?: string;
}

/** What runCliScript runs: one folder's script (CliScript) and the options of runCliScripts. */
export type CliScriptOptions = CliScript & Omit<CliScriptsOptions, 'scripts'>;

/** One command's outcome as the runner reports it. */
interface ScriptRun {
  readonly exitCode: number;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** One command's outcome, shaped as runProcess gives it (the command as `python3 cli.py ARGS`, the runner's start time). */
function asResult(command: readonly string[], cwd: string, run: ScriptRun, at: number): CommandResult {
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

/**
 * Runs each folder's commands as `python3 cli.py ARGS` there, folder after folder, in one interpreter (SCRIPT_RUNNER: a
 * fresh fork per command, 20 s each at most): per folder, one result per command, in the scripts' and commands' order.
 * One interpreter start for all of them. Throws when the runner itself fails (no python3 on the env's PATH, a runner
 * killed or timed out); a command that fails is a result, not a throw.
 */
export async function runCliScripts(options: CliScriptsOptions): Promise<CommandResult[][]> {
  const { scripts, env } = options;
  const started = Date.now();
  const count = scripts.reduce((sum, script) => sum + script.commands.length, 0);
  const plan = JSON.stringify(scripts.map((script) => [script.folder, script.commands]));
  const run = await runProcess([await resolvePython(env.PATH ?? '/usr/bin:/bin'), '-c', SCRIPT_RUNNER, plan], {
    cwd: scripts[0]?.folder ?? '/',
    env,
    timeoutMs: 20_000 * Math.max(1, count) + 10_000,
  });
  const where = options.label ?? scripts.map((script) => script.folder).join(', ');
  if (run.exitCode !== 0) throw new Error(`the app's script runner failed in ${where} (exit ${run.exitCode}): ${run.stderr.trim().split('\n').pop() ?? ''}`);
  const runs = JSON.parse(run.stdout) as ScriptRun[][];
  return scripts.map((script, at) => (runs[at] ?? []).map((one, index) => asResult(script.commands[index] ?? [], script.folder, one, started)));
}

/** Runs one folder's commands (runCliScripts with one script): one result per command, in order; throws as runCliScripts does. */
export async function runCliScript(options: CliScriptOptions): Promise<CommandResult[]> {
  const { folder, commands, ...rest } = options;
  const [runs] = await runCliScripts({ ...rest, scripts: [{ folder, commands }] });
  return runs ?? [];
}
