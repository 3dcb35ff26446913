import { locateExecutable } from './locate-executable.js';
import { runProcess } from './run-process.js';

const resolved = new Map<string, Promise<string>>();

/**
 * The interpreter that `python3` on `pathVariable` stands for: its own `sys.executable`, asked once per
 * program found (cached for the life of this process) and asked from `/`, so no folder's
 * `.python-version` picks the answer. Why: a version manager's shim on PATH (pyenv's is a bash script
 * that runs `pyenv exec`) costs every start its own shell and `pyenv` processes: 130 ms against 60 ms
 * for the interpreter itself on our 2-core machine (`python3 -c 0`, /usr/bin/time), and a scenario
 * starts python dozens of times. Returns `python3` unchanged when there is none on the PATH or it
 * gives no absolute path, so the caller's usual error handling sees the usual failure.
 */
export function resolvePython(pathVariable: string): Promise<string> {
  const located = locateExecutable('python3', pathVariable);
  if (located === undefined) return Promise.resolve('python3');
  const known = resolved.get(located);
  if (known !== undefined) return known;
  const asking = runProcess([located, '-c', 'import sys; print(sys.executable)'], { cwd: '/', env: { PATH: pathVariable }, timeoutMs: 30_000 }).then(
    (result) => {
      const path = result.stdout.trim();
      return result.exitCode === 0 && path.startsWith('/') && !path.includes('\n') ? path : located;
    },
    () => located,
  );
  resolved.set(located, asking);
  return asking;
}
