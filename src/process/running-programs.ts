import { readFileSync } from 'node:fs';

/**
 * How one running program is stopped at once: it signals the program and says whether to wait for its end (false for
 * a program that needs no signal, such as an idle session that ends when its input does).
 */
export type StopNow = () => boolean;

/** Programs this process started that may still be running, by pid. */
const running = new Map<number, StopNow>();

/** How often (ms) stopRunningNow looks whether the programs it stopped have ended. */
const POLL_MS = 10;

/** The longest stopRunningNow waits for the programs it stopped, in ms, when not told. */
export const DEFAULT_STOP_WAIT_MS = 2_000;

/**
 * Notes a program this process started and how to stop it (see stopRunningNow); the returned function forgets it (call
 * it once the program has ended). A program without a pid (it could not start) is not noted.
 */
export function trackRunning(pid: number | undefined, stop: StopNow): () => void {
  if (pid === undefined) return () => undefined;
  running.set(pid, stop);
  return () => {
    if (running.get(pid) === stop) running.delete(pid);
  };
}

/**
 * Whether a process has ended: gone from /proc, or a zombie (its files closed, its exit status not collected yet).
 * Where /proc cannot be read (not Linux) every process counts as ended.
 */
function hasEnded(pid: number): boolean {
  try {
    // The state is the field after the command name, which is in parentheses and may hold spaces or ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Stops every program this process started that is still running, each its own way (a plain run gets SIGKILL; a
 * server gets SIGTERM and takes the programs it runs along), then blocks until each one it signalled has ended or
 * `waitMs` (ms) has passed. For a signal handler that is about to remove folders those programs write in: a git or an
 * app still running after the removal would make the folders again. Returns the pids still running after the wait.
 */
export function stopRunningNow(waitMs: number = DEFAULT_STOP_WAIT_MS): number[] {
  const stopped: number[] = [];
  for (const [pid, stop] of running) {
    running.delete(pid);
    try {
      if (stop()) stopped.push(pid);
    } catch {
      // already gone: nothing to wait for
    }
  }
  const deadline = Date.now() + waitMs;
  let left = stopped.filter((pid) => !hasEnded(pid));
  while (left.length > 0 && Date.now() < deadline) {
    sleepMs(POLL_MS);
    left = left.filter((pid) => !hasEnded(pid));
  }
  return left;
}
