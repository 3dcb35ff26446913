/** The Python that runs cli.py several times in one interpreter; written to a temp file before use. */
export const APP_DRIVER_SOURCE = `"""Runs the tasks app's cli.py several times in one interpreter, as python3 cli.py ARGS would, one timeout each."""
import contextlib
import io
import json
import os
import runpy
import signal
import sys
import traceback


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


def run_one(folder, args, seconds):
    for name in ("cli", "tasks"):
        sys.modules.pop(name, None)
    out, err = io.StringIO(), io.StringIO()
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
    except BaseException:
        err.write(traceback.format_exc())
        code = 1
    finally:
        signal.alarm(0)
    return {"exitCode": code, "stdout": out.getvalue(), "stderr": err.getvalue(), "timedOut": timed_out}


def main():
    folder, plan_file, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(plan_file, encoding="utf-8") as handle:
        plan = json.load(handle)
    os.chdir(folder)
    sys.path.insert(0, folder)
    results = [dict(name=step["name"], args=step["args"], **run_one(folder, step["args"], seconds)) for step in plan]
    sys.__stdout__.write(json.dumps(results))


main()
`;
