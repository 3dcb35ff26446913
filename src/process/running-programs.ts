import { readdirSync, readFileSync } from 'node:fs';

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

/** A process's state letter and parent pid, from /proc/PID/stat; undefined when it is gone (or /proc cannot be read). */
function readStat(pid: number | string): { readonly state: string; readonly parent: number } | undefined {
  try {
    // The fields after the command name, which is in parentheses and may hold spaces or ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const [state = '', parent = ''] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, parent: Number(parent) };
  } catch {
    return undefined;
  }
}

/**
 * Whether a process has ended: gone from /proc, or a zombie (its files closed, its exit status not collected yet).
 * Where /proc cannot be read (not Linux) every process counts as ended.
 */
function hasEnded(pid: number): boolean {
  return readStat(pid)?.state.startsWith('Z') ?? true;
}

/** The state letter and parent pid of each process /proc shows now, by pid (empty where /proc cannot be read). */
function processTable(): Map<number, { readonly state: string; readonly parent: number }> {
  const table = new Map<number, { readonly state: string; readonly parent: number }>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return table;
  }
  for (const name of names.filter((entry) => /^\d+$/.test(entry))) {
    const found = readStat(name);
    if (found !== undefined) table.set(Number(name), found);
  }
  return table;
}

/** This process's descendants that have not ended (parents before their children), as /proc shows them now. */
function liveDescendants(): number[] {
  const table = processTable();
  const children = new Map<number, number[]>();
  for (const [pid, { parent }] of table) {
    const siblings = children.get(parent);
    if (siblings === undefined) children.set(parent, [pid]);
    else siblings.push(pid);
  }
  const found: number[] = [];
  const queue = [process.pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      queue.push(child);
      if (!table.get(child)?.state.startsWith('Z')) found.push(child);
    }
  }
  return found;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/**
 * Stops (SIGSTOP) every descendant of this process, again until no new one appears, then kills (SIGKILL) them all: a
 * program killed first would leave the children it started (a shell's subshell, git's helpers) to init, out of reach,
 * still writing. Rounds are bounded, for a process that forks faster than /proc is read. Returns the pids killed.
 */
function killDescendants(): number[] {
  const stopped = new Set<number>();
  for (let round = 0; round < 20; round += 1) {
    const fresh = liveDescendants().filter((pid) => !stopped.has(pid));
    if (fresh.length === 0) break;
    for (const pid of fresh) {
      signal(pid, 'SIGSTOP');
      stopped.add(pid);
    }
  }
  for (const pid of stopped) signal(pid, 'SIGKILL');
  return [...stopped];
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Stops every program this process started that is still running, and what they started: on Linux every descendant of
 * this process is stopped, then killed (killDescendants); then each noted program is signalled its own way (a plain run
 * gets SIGKILL; a server gets SIGTERM and takes the programs it runs along), where /proc could not show it. Blocks until
 * each one it signalled has ended or `waitMs` (ms) has passed. For a signal handler that is about to remove folders those
 * programs write in: a git or an app still running after the removal would make the folders again. Returns the pids
 * still running after the wait.
 */
export function stopRunningNow(waitMs: number = DEFAULT_STOP_WAIT_MS): number[] {
  const stopped: number[] = killDescendants();
  for (const [pid, stop] of running) {
    running.delete(pid);
    if (stopped.includes(pid)) continue;
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
