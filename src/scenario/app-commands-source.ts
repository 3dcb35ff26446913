import { COMPILE_ONCE_SOURCE } from '../evidence/compile-once-source.js';

/**
 * The app-command server's program, Python run as `python3 -c APP_COMMANDS_SOURCE` (see app-commands.ts). It reads
 * one request per line on stdin (JSON: `folder`, `commands`, a list of argument lists, `env`, the whole environment,
 * and `seconds`, the time limit of one command) and answers each with one line on stdout: a JSON list with one
 * `{exitCode, timedOut, stdout, stderr}` per command. Requests are read with `os.read`, never through `sys.stdin`, so
 * no request text waits in a buffer a fork could read.
 *
 * Each command runs `cli.py` in a fresh fork, as `python3 cli.py ARGS` would: argv `["cli.py", *ARGS]`, the folder
 * as working folder and first on `sys.path`, a fresh `__main__` whose `__file__` is the absolute path (as from
 * Python 3.9), stdin from /dev/null, `os.environ` the request's, an uncaught exception's traceback (from the app's
 * first frame, none of the server's) on stderr and exit 1, SystemExit's code or message. At the end the fork joins
 * the app's threads and runs its `atexit` functions, as interpreter shutdown does. The app's files carry over from
 * one command to the next (the same folder); its module state does not (the next command is another fork of a
 * server that never imports the app). Before each fork the server compiles the folder's top-level `.py` files whose
 * bytes it has not compiled yet (COMPILE_ONCE_SOURCE), so no fork compiles an unchanged cli.py or tasks.py again.
 * A SIGTERM to the server kills the fork it is waiting for, then ends the server; the server ignores Ctrl-C, which
 * reaches the fork as KeyboardInterrupt (they share a process group). It runs the maintainer's own lab app in scenario steps; a learner's app is run by the grader's driver
 * (src/evidence/app-driver-source.ts), under a sandbox and limits, never by this.
 */
export const APP_COMMANDS_SOURCE = `
import json, os, signal, sys
${COMPILE_ONCE_SOURCE}
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


# An anonymous file for a command's output: a memfd where the kernel has one, else tempfile's (imported only then).
def scratch_file():
    if hasattr(os, "memfd_create"):
        return os.fdopen(os.memfd_create("wtlab-app-output"), "w+b")
    import tempfile
    return tempfile.TemporaryFile()


# What interpreter shutdown does before the process ends: wait for the app's threads, run its atexit functions.
def shut_down():
    threading = sys.modules.get("threading")
    if threading is not None:
        threading._shutdown()
    import atexit
    atexit._run_exitfuncs()


# Runs a file as the __main__ module, as CPython runs \`python3 FILE\`: a fresh __main__ whose __file__ is the
# file's absolute path, its code compiled with that name (through the memo); sys.argv stays as it was set.
def run_main(path):
    import types
    main = types.ModuleType("__main__")
    main.__dict__.update(__file__=path, __cached__=None, __loader__=None, __package__=None, __spec__=None, __builtins__=__builtins__)
    sys.modules["__main__"] = main
    with open(path, "rb") as handle:
        source = handle.read()
    exec(compile_once(source, path, "exec"), main.__dict__)


# A traceback from the app's first frame on, as python3 FILE prints it: this server's frames (file "<string>") left out.
def without_own_frames(tb):
    while tb is not None and tb.tb_frame.f_code.co_filename == "<string>":
        tb = tb.tb_next
    return tb


# A server is shared by requests whose HOME holds no user site folder (app-commands.ts): site's USER_BASE and
# USER_SITE, set from the server's HOME when it started, are made again from this request's, as its own start would.
def user_site_for_home():
    site = sys.modules.get("site")
    if site is None:
        return
    site.USER_BASE = site.USER_SITE = None
    site.getusersitepackages()


def run_in_fork(folder, args, env, seconds, out, err):
    code = 0
    try:
        # The app's own signal handling, as a fresh interpreter's: Ctrl-C raises KeyboardInterrupt, SIGTERM ends it.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0); os.dup2(out.fileno(), 1); os.dup2(err.fileno(), 2)
        os.chdir(folder)
        os.environ.clear(); os.environ.update(env)
        user_site_for_home()
        sys.path[0] = folder
        sys.argv = ["cli.py", *args]
        signal.alarm(seconds)
        try:
            run_main(os.path.join(folder, "cli.py"))
        except SystemExit as stop:
            if stop.code is None: code = 0
            elif isinstance(stop.code, int): code = stop.code
            else: print(stop.code, file=sys.stderr); code = 1
        except BaseException as error:
            hide_memo_frames(error)
            import traceback
            traceback.print_exception(type(error), error, without_own_frames(error.__traceback__)); code = 1
        shut_down()
    finally:
        try: sys.stdout.flush(); sys.stderr.flush()
        finally: os._exit(code & 0xFF)


def run_one(folder, args, env, seconds):
    warm_folder(folder)
    out, err = scratch_file(), scratch_file()
    try:
        sys.stdout.flush(); sys.stderr.flush()
        # SIGTERM waits while the fork is made, so the handler always knows the fork it must take along.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        pid = os.fork()
        if pid == 0:
            run_in_fork(folder, args, env, seconds, out, err)
        running[0] = pid
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        _, status = os.waitpid(pid, 0)
        running[0] = 0
        read = lambda f: (f.seek(0), f.read().decode("utf-8", "replace"))[1]
        signaled = os.WIFSIGNALED(status)
        return {"exitCode": 128 + os.WTERMSIG(status) if signaled else os.WEXITSTATUS(status), "timedOut": signaled and os.WTERMSIG(status) == signal.SIGALRM, "stdout": read(out), "stderr": read(err)}
    finally:
        out.close(); err.close()


def requests():
    pending = b""
    while True:
        newline = pending.find(b"\\n")
        if newline != -1:
            line, pending = pending[:newline], pending[newline + 1:]
            yield json.loads(line)
            continue
        chunk = os.read(0, 65536)
        if not chunk:
            return
        pending += chunk


# The fork running now (0 when none). A SIGTERM (the parent ends while a request runs) takes it along, so no command
# goes on writing in a folder that is being removed; Ctrl-C reaches the fork (same process group), not the server.
running = [0]


def stop(number, _frame):
    if running[0]:
        try:
            os.kill(running[0], signal.SIGKILL)
        except OSError:
            pass
    os._exit(128 + number)


signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, signal.SIG_IGN)

for request in requests():
    results = [run_one(request["folder"], args, request["env"], request["seconds"]) for args in request["commands"]]
    answer = (json.dumps(results) + "\\n").encode()
    while answer:
        answer = answer[os.write(1, answer):]
`;
