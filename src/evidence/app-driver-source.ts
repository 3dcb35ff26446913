import { COMPILE_ONCE_SOURCE } from './compile-once-source.js';

/**
 * The Python that runs cli.py several times in one interpreter (`python3 -c`). It starts before it
 * has work and serves requests, one JSON line each on stdin: every request runs in a fresh fork of the
 * idle interpreter, so no submission's app can touch the next one's, and only the first pays for
 * Python's start-up. For each request it answers one JSON line on stdout: how the fork ended.
 * Inside a sandbox it is PID 1 of its PID namespace: it keeps no signal handler (the kernel then drops
 * every signal the app sends it), makes itself non-dumpable, and kills every other process in the
 * namespace after each run. Without one, it names each fork on stderr (`wtlab-fork PID`).
 * In the fork, runpy and importlib compile each source text once for the whole plan (COMPILE_ONCE_SOURCE).
 */
export const APP_DRIVER_SOURCE = `"""Runs the tasks app's cli.py several times in one interpreter, as python3 cli.py ARGS would, one timeout each."""
import contextlib
import io
import json
import os
import resource
import runpy
import select
import signal
import sys
import time
import traceback
${COMPILE_ONCE_SOURCE}

class Timeout(Exception):
    pass


class Capped(io.StringIO):
    """Keeps the first cap characters written to it and notes that more came."""

    def __init__(self, cap):
        super().__init__()
        self.cap, self.kept, self.truncated = cap, 0, False

    def write(self, text):
        room = self.cap - self.kept
        if len(text) > room:
            self.truncated = True
            text = text[:max(room, 0)]
        self.kept += len(text)
        super().write(text)
        return len(text)


# What one run's fork and everything it starts may take: address space, bytes per file, open files, no core dumps.
LIMITS = ((resource.RLIMIT_AS, 1 << 30), (resource.RLIMIT_FSIZE, 64 << 20), (resource.RLIMIT_NOFILE, 256), (resource.RLIMIT_CORE, 0))
# Processes at once, inside a sandbox (its user namespace counts them apart from every other sandbox's).
MAX_PROCESSES = 64
# What the run may add to its folder, HOME and TMPDIR together, checked while it runs.
DISK_BYTES = 256 << 20
DISK_ENTRIES = 10000


def limit_resources(as_init):
    """In the fork, before the app's code: limits it and every process it starts inherits."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the file size limit fails (EFBIG) instead of killing
    limits = LIMITS + (((resource.RLIMIT_NPROC, MAX_PROCESSES),) if as_init else ())
    for kind, value in limits:
        _, hard = resource.getrlimit(kind)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(kind, (value, value))


def disk_used(folders, max_entries):
    """Bytes on disk (blocks, so a sparse file counts what it holds) and entries under folders; stops counting past max_entries."""
    size, entries, stack = 0, 0, list(folders)
    while stack and entries <= max_entries:
        try:
            listing = os.scandir(stack.pop())
        except OSError:
            continue
        with listing:
            for entry in listing:
                entries += 1
                try:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    else:
                        size += entry.stat(follow_symlinks=False).st_blocks * 512
                except OSError:
                    pass
    return size, entries


def on_alarm(signum, frame):
    raise Timeout()


def note(progress, text):
    progress.write(text + "\\n")
    progress.flush()


def run_one(folder, args, seconds, cap):
    # Every module the app imported from its folder is loaded afresh, as a new python3 would (tasks.py, or any other).
    for name, module in list(sys.modules.items()):
        if name == "__main__":
            continue
        if (getattr(module, "__file__", None) or "").startswith(folder + os.sep):
            del sys.modules[name]
    out, err = Capped(cap), Capped(cap)
    code, timed_out = 0, False
    sys.argv = ["cli.py", *args]
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                runpy.run_path(os.path.join(folder, "cli.py"), run_name="__main__")
            except SystemExit as stop:
                if stop.code is None:
                    code = 0
                elif isinstance(stop.code, int):
                    code = stop.code
                else:
                    print(stop.code, file=sys.stderr)
                    code = 1
    except Timeout:
        code, timed_out = 124, True
    except BaseException as error:
        hide_memo_frames(error)
        err.write("".join(traceback.format_exception(type(error), error, error.__traceback__)))
        code = 1
    finally:
        signal.alarm(0)
    return {"exitCode": code, "stdout": out.getvalue(), "stderr": err.getvalue(), "timedOut": timed_out, "truncated": out.truncated or err.truncated}


def run_request(request):
    """Runs in the fork: the app's commands in the export, results to the request's files."""
    folder, plan, seconds, cap = request["folder"], request["plan"], int(request["seconds"]), int(request["cap"])
    result_file, progress_file = request["resultFile"], request["progressFile"]
    os.environ["HOME"], os.environ["TMPDIR"] = request["home"], request["tmp"]
    if "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = None  # chosen again from TMPDIR
    # The app reads no requests and writes no answers: stdin, stdout and stderr go nowhere (print() is captured per command).
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.chdir(folder)
    sys.path.insert(0, folder)
    # In this fork only (the idle driver never compiles an app's code): each source text compiled once for the plan.
    install_compile_once()
    results = []
    # A command that timed out once would hang again: its later calls are reported as timed out
    # without running, while the other commands are still tried.
    hung = set()
    with open(progress_file, "w", encoding="utf-8") as progress:
        try:
            for step in plan:
                command = step["args"][0] if step["args"] else ""
                if command in hung:
                    reason = f"not run: an earlier call of {command!r} timed out"
                    results.append(dict(name=step["name"], args=step["args"], exitCode=124, stdout="", stderr=reason, timedOut=True, truncated=False))
                    continue
                note(progress, "running " + json.dumps(step["args"]))
                result = dict(name=step["name"], args=step["args"], **run_one(folder, step["args"], seconds, cap))
                results.append(result)
                if result["timedOut"]:
                    hung.add(command)
        except BaseException:
            note(progress, "driver failed: " + traceback.format_exc().strip().splitlines()[-1])
            raise
    with open(result_file, "w", encoding="utf-8") as handle:
        json.dump(results, handle)


def end_all():
    """As PID 1 of the sandbox: kills every other process in it (whatever the run started, setsid or not) and reaps them."""
    while True:
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def stop_group(pid):
    for kill in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            kill()
        except OSError:
            pass


def grader_gone(requests):
    """Whether the grader's end of our stdin is closed: it exited (however it ended), and no one waits for the answer.
    A run leaves stdin alone (the grader sends the next request only after the answer), so this reads nothing."""
    return any(events & (select.POLLHUP | select.POLLERR) for _, events in requests.poll(0))


def wait_for(pid, seconds, as_init, folders, start):
    """Waits for the fork (SIGCHLD is blocked and waited for), killing it after seconds or once it writes more than
    DISK_BYTES or DISK_ENTRIES into folders beyond start (their use before the run); then ends what it left; returns its answer.
    When the grader exits meanwhile, the fork is killed and the driver exits: no signal from the grader reaches a driver
    under unshare (PID 1 as another user), nor one whose grader was killed."""
    deadline = time.monotonic() + seconds
    status, timed_out, limit = None, False, None
    requests = select.poll()
    requests.register(sys.stdin.fileno(), select.POLLIN)
    try:
        while status is None:
            done, got = os.waitpid(-1, os.WNOHANG)
            if done == pid:
                status = got
                break
            if done != 0:
                continue  # an orphan the run left (only PID 1 gets those)
            if grader_gone(requests):
                raise SystemExit(1)
            left = deadline - time.monotonic()
            size, entries = disk_used(folders, start[1] + DISK_ENTRIES)
            if size > start[0] + DISK_BYTES or entries > start[1] + DISK_ENTRIES:
                limit = "disk"
            if left <= 0 or limit is not None:
                timed_out = limit is None
                stop_group(pid)
                _, status = os.waitpid(pid, 0)
                break
            signal.sigtimedwait([signal.SIGCHLD], min(left, 0.25))
    except BaseException:
        stop_group(pid)  # interrupted (Ctrl-C) or stopped: the fork, in a process group of its own, goes too
        raise
    if as_init:
        end_all()
    else:
        stop_group(pid)
    answer = {"exitCode": os.WEXITSTATUS(status), "timedOut": timed_out}
    if os.WIFSIGNALED(status):
        answer = {"exitCode": 128 + os.WTERMSIG(status), "signal": signal.Signals(os.WTERMSIG(status)).name, "timedOut": timed_out}
    if limit is not None:
        answer["limit"] = limit
    return answer


def become_init():
    """As PID 1 of the sandbox's PID namespace the kernel drops every signal another process inside sends it
    unless it has a handler (so none is kept), and non-dumpable it cannot be traced or read through /proc/1."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    import ctypes
    if ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0) != 0:  # PR_SET_DUMPABLE
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE, 0) failed")


def main():
    as_init = os.getpid() == 1
    if as_init:
        become_init()
    else:
        # Stopped with SIGTERM, it still takes a running fork along (see wait_for).
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
    requests = sys.stdin
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    for line in requests:
        if not line.strip():
            return
        request = json.loads(line)
        folders = [request["folder"], request["home"], request["tmp"]]
        start = disk_used(folders, 1 << 62)
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.setpgid(0, 0)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
                answers.close()
                limit_resources(as_init)
                run_request(request)
                code = 0
            finally:
                os._exit(code)
        if not as_init:
            # Without a sandbox, a run that kills this driver would leave its fork behind: the grader reads this and kills its group.
            sys.stderr.write(f"wtlab-fork {pid}\\n")
            sys.stderr.flush()
        answers.write(json.dumps(wait_for(pid, float(request["totalSeconds"]), as_init, folders, start)) + "\\n")
        answers.flush()


main()
`;
