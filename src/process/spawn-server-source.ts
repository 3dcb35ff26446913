/**
 * The spawn server's program, Python run as `python3 -I -S -c SPAWN_SERVER_SOURCE` (see spawn-through-server.ts). It
 * reads one request per line on stdin (JSON, `SpawnRequest`) and answers each on stdout, in the order runs end
 * (JSON, `SpawnAnswer`). Runs go on at the same time, in one thread: one `select` loop over the requests, every
 * run's pipes and (Linux 5.3 and later) a pidfd that says when it ended. Why Python: CPython starts a child with
 * `vfork()` (Python 3.10 and later, `_posixsubprocess`), which shares the server's memory instead of copying its page
 * tables, where Node's `child_process` always calls `fork()`. On our 2-core machine a `git rev-parse` cost 3.0 ms of
 * machine CPU through a Node server and 1.4 ms through this one (300 starts each, /proc/stat), against 1.1 ms from bash.
 *
 * It starts each program as `runProcess` does from Node (libuv): the request's whole environment and folder, stdin
 * a pipe holding the request's input, then closed; stdout and stderr pipes; the signals the server handles back to
 * their defaults. A file the kernel will not execute as it is (ENOEXEC: a script without `#!`) runs through /bin/sh,
 * as libuv's `execvp` does. It keeps the first `maxBuffer` bytes of each stream and reads the rest away. After
 * `timeoutMs` it sends SIGTERM to the program (not to its children) and stops reading once the program has ended,
 * so a child still holding the pipes does not keep the answer. A program that cannot start is answered with
 * libuv's message (`spawn FILE ENOENT`). Ctrl-C (SIGINT to the whole process group) reaches the programs and leaves
 * the server running; it ends when its stdin closes (the parent is gone) and its last run is over. SIGTERM (the parent
 * stops its programs before it removes the folders they write in, src/process/running-programs.ts) kills every running
 * program (SIGKILL), waits for each to end, and ends the server with 143.
 */
export const SPAWN_SERVER_SOURCE = `"""wtlab's spawn server: starts programs for a Node process, one JSON line per request and per answer."""
import base64
import errno
import json
import os
import selectors
import signal
import subprocess
import sys
import time

CHUNK = 65536
# Without pidfds (Python before 3.9, Linux before 5.3) a run whose pipes are closed is polled this often, in seconds.
POLL = 0.01


def now_ms():
    return int(time.time() * 1000)


def signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"SIG{number}"


def start(command, cwd, env):
    """Popen as libuv starts a program; ENOEXEC (no #!) goes through /bin/sh as execvp does."""
    options = dict(cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        return subprocess.Popen(command, **options)
    except OSError as error:
        if error.errno != errno.ENOEXEC:
            raise
    import shutil

    found = command[0] if "/" in command[0] else shutil.which(command[0], path=env.get("PATH", os.defpath))
    return subprocess.Popen(["/bin/sh", found or command[0], *command[1:]], **options)


class Run:
    """One program started for a request: what it wrote so far, what it is still to be given, when it must end."""

    def __init__(self, request, selector):
        self.id, command, options = request["id"], request["command"], request["options"]
        self.limit = options["maxBuffer"]
        self.started = now_ms()
        self.child = start(command, options["cwd"], options["env"])
        self.deadline = time.monotonic() + options["timeoutMs"] / 1000
        self.timed_out = False
        self.kept = {self.child.stdout: bytearray(), self.child.stderr: bytearray()}
        self.open = set(self.kept)
        self.pending = memoryview(base64.b64decode(options["input"]))
        self.pidfd = None
        # Whether the kernel says when it ends (a pidfd); else it is polled once its pipes are closed.
        self.watched = False
        self.selector = selector
        for stream in self.kept:
            os.set_blocking(stream.fileno(), False)
            selector.register(stream, selectors.EVENT_READ, self)
        if len(self.pending) > 0:
            os.set_blocking(self.child.stdin.fileno(), False)
            selector.register(self.child.stdin, selectors.EVENT_WRITE, self)
        else:
            self.child.stdin.close()
        if hasattr(os, "pidfd_open"):
            try:
                self.pidfd = os.pidfd_open(self.child.pid)
                selector.register(self.pidfd, selectors.EVENT_READ, self)
                self.watched = True
            except OSError:
                self.pidfd = None

    def on_event(self, fileobj):
        if fileobj is self.pidfd:
            self.child.poll()  # ended: its pidfd stays readable, so it is watched no more
            self.forget(fileobj)
            self.pidfd = None
        elif fileobj is self.child.stdin:
            try:
                written = os.write(fileobj.fileno(), self.pending[:CHUNK])
            except BlockingIOError:
                return
            except OSError:
                written = len(self.pending)  # the program closed its stdin: the rest is dropped, as Node does
            self.pending = self.pending[written:]
            if len(self.pending) == 0:
                self.forget(fileobj)
        else:
            try:
                chunk = os.read(fileobj.fileno(), CHUNK)
            except BlockingIOError:
                return
            if not chunk:
                self.open.discard(fileobj)
                self.selector.unregister(fileobj)
                return
            kept = self.kept[fileobj]
            room = self.limit - len(kept)
            if room > 0:
                kept += chunk[:room]

    def forget(self, fileobj):
        try:
            self.selector.unregister(fileobj)
        except (KeyError, ValueError):
            pass
        if isinstance(fileobj, int):
            os.close(fileobj)
        else:
            fileobj.close()

    def check_time(self, now):
        if not self.timed_out and now >= self.deadline:
            self.timed_out = True  # as Node: SIGTERM to the program, not to what it started
            if self.child.poll() is None:
                self.child.send_signal(signal.SIGTERM)

    def done(self):
        """Ended, and its output read to the end; after a timeout, ended (its children may hold the pipes)."""
        if self.child.returncode is None and (not self.watched or self.timed_out or not self.open):
            self.child.poll()
        return self.child.returncode is not None and (self.timed_out or not self.open)

    def answer(self):
        for fileobj in [self.child.stdin, *self.kept, *([self.pidfd] if self.pidfd is not None else [])]:
            self.forget(fileobj)
        code = self.child.returncode
        return {
            "id": self.id,
            "exitCode": 128 if code < 0 else code,
            "signal": signal_name(-code) if code < 0 else None,
            "timedOut": self.timed_out,
            "stdout": base64.b64encode(self.kept[self.child.stdout]),
            "stderr": base64.b64encode(self.kept[self.child.stderr]),
            "startedAt": self.started,
            "endedAt": now_ms(),
        }


def send(message):
    """Writes one answer line. Base64 values (bytes) need no escaping: they are joined in as they are, since json.dumps
    of a 100 MB text costs half a second of CPU."""
    texts = {key: value for key, value in message.items() if not isinstance(value, bytes)}
    parts = [json.dumps(texts)[:-1].encode("utf-8")]
    for key, value in message.items():
        if isinstance(value, bytes):
            parts += [b", " if len(parts) > 1 or texts else b"", json.dumps(key).encode("utf-8"), b': "', value, b'"']
    data = b"".join([*parts, b"}\\n"])
    try:
        while data:
            data = data[os.write(1, data):]
    except OSError:
        pass  # the parent is gone: the runs still go to their end


def accept(request, selector, runs):
    try:
        runs.append(Run(request, selector))
    except OSError as error:
        command = request["command"]
        message = f"spawn {command[0]} {errno.errorcode.get(error.errno, 'UNKNOWN')}"
        send({"id": request["id"], "spawnError": message, "startedAt": now_ms(), "endedAt": now_ms()})
    except Exception as error:  # a fault of ours: the run is answered as failed rather than never
        send({"id": request.get("id"), "serverError": f"{type(error).__name__}: {error}"})


def stop_runs(runs):
    """The SIGTERM handler: kills the running programs, waits for each, and ends the server."""
    def stop(number, _frame):
        for run in runs:
            if run.child.returncode is None:
                try:
                    run.child.kill()
                except OSError:
                    pass
        for run in runs:
            try:
                run.child.wait()
            except Exception:
                pass
        os._exit(128 + number)
    return stop


def main():
    # Ctrl-C reaches the whole process group: the programs get it (a handled signal is reset to its default in them),
    # the server does not end. It ends once the parent has closed its stdin and its last run is over.
    signal.signal(signal.SIGINT, lambda signum, frame: None)
    selector = selectors.DefaultSelector()
    os.set_blocking(0, False)
    selector.register(0, selectors.EVENT_READ, None)
    # The unfinished request line: grown in place, split only when a newline comes (a long input arrives in many chunks).
    requests, reading, runs = bytearray(), True, []
    signal.signal(signal.SIGTERM, stop_runs(runs))
    while reading or runs:
        now = time.monotonic()
        waits = [run.deadline - now for run in runs if not run.timed_out]
        if any(not run.watched or run.timed_out for run in runs if run.child.returncode is None):
            waits.append(POLL)
        for key, _ in selector.select(max(min(waits), 0) if waits else None):
            if key.data is not None:
                key.data.on_event(key.fileobj)
                continue
            try:
                chunk = os.read(0, CHUNK)
            except BlockingIOError:
                continue
            if not chunk:
                reading = False
                selector.unregister(0)
            requests += chunk
            if b"\\n" not in chunk:
                continue
            *lines, rest = requests.split(b"\\n")
            requests = bytearray(rest)
            for line in lines:
                if line.strip():
                    accept(json.loads(line), selector, runs)
        now = time.monotonic()
        for run in runs:
            run.check_time(now)
        for run in [run for run in runs if run.done()]:
            runs.remove(run)
            send(run.answer())


try:
    main()
except Exception as error:  # a fault of ours: one line, not a traceback; the parent reports its runs as failed
    sys.stderr.write(f"wtlab spawn server: {type(error).__name__}: {error}\\n")
    sys.exit(70)
`;
