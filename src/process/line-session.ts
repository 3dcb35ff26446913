import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { countSpawn } from './run-process.js';
import { trackRunning } from './running-programs.js';

export interface LineSessionOptions {
  readonly cwd: string;
  /** The whole environment of the program; nothing is inherited from this process. */
  readonly env: Readonly<Record<string, string>>;
  /** Start the program as this user and group (needs root). @default this process's */
  readonly user?: { readonly uid: number; readonly gid: number };
  /** The program name counted in the process statistics (a sandbox counts as what it runs). @default the command's file name */
  readonly countAs?: string;
}

/** The program's answer to one request line. */
export interface SessionAnswer {
  /** The answer line, without its newline; undefined when the program ended or was stopped first. */
  readonly line: string | undefined;
  /** True when no answer came within the time allowed (the program was then killed). */
  readonly timedOut: boolean;
  /** How the program ended, when it ended instead of answering. */
  readonly exitCode?: number;
  readonly signal?: string;
  /** The end of what the program wrote on stderr (at most 4 KiB). */
  readonly stderr: string;
}

/** A program kept running between requests: it reads one line per request and answers one line each. */
export interface LineSession {
  /** False once the program has ended. */
  readonly alive: boolean;
  /** Sends one request line; one at a time. */
  ask(line: string, timeoutMs: number): Promise<SessionAnswer>;
  /** Ends its input: the program exits when it reads the end. */
  close(): void;
}

const STDERR_KEPT = 4096;

/** Sessions still running, and whether each is working on a request: a busy one is stopped when this process exits. */
const running = new Map<ChildProcess, () => boolean>();
let stopsOnExit = false;

/**
 * When this process exits (even through Ctrl-C), a busy session gets SIGTERM, so none outlives it busy; an idle one
 * only loses its input, and ends on its own. Why not a signal to all: one that comes while bubblewrap is still making
 * the sandbox kills bwrap but not the child it has just cloned, which then waits forever for its user mapping (1 in
 * 30 `wtlab grade` runs that failed right after starting the app driver left such a `bwrap` behind).
 */
function stopOnExit(child: ChildProcess, busy: () => boolean): void {
  running.set(child, busy);
  // On Ctrl-C or SIGTERM, before a sandbox is removed, the same happens at once, and a busy program is waited for.
  const untrack = trackRunning(child.pid, () => {
    if (!busy()) return false;
    child.kill('SIGTERM');
    return true;
  });
  child.once('close', untrack);
  if (stopsOnExit) return;
  stopsOnExit = true;
  process.once('exit', () => {
    for (const [program, isBusy] of running) {
      if (isBusy()) program.kill('SIGTERM');
      else program.stdin?.destroy();
    }
  });
}

/**
 * Starts a program now that answers one line per request line, for work whose start-up costs more
 * than the work itself. While no request is pending, it does not keep this process alive; when this
 * process exits, the program's input ends, and a program working on a request also gets SIGTERM.
 */
export function startLineSession(command: readonly string[], options: LineSessionOptions): LineSession {
  const [file, ...args] = command;
  if (file === undefined) throw new Error('startLineSession: empty command');
  countSpawn(options.countAs ?? file);
  const user = options.user ? { uid: options.user.uid, gid: options.user.gid } : {};
  const child = spawn(file, args, { cwd: options.cwd, env: { ...options.env }, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, ...user });
  // Piped stdio streams are sockets, which can stop holding the event loop like the child itself.
  const handles: readonly { ref(): unknown; unref(): unknown }[] = [
    child,
    ...[child.stdin, child.stdout, child.stderr].map((stream) => stream as unknown as Socket),
  ];
  const hold = (on: boolean) => {
    for (const handle of handles)
      if (on) handle.ref();
      else handle.unref();
  };
  hold(false);
  let alive = true;
  let buffered = '';
  let stderr = '';
  let ended: { exitCode?: number; signal?: string } | undefined;
  let pending: ((answer: SessionAnswer) => void) | undefined;
  stopOnExit(child, () => pending !== undefined);
  const settle = (answer: Omit<SessionAnswer, 'stderr'>) => {
    const resolve = pending;
    pending = undefined;
    hold(false);
    resolve?.({ ...answer, stderr });
  };
  child.stdin.on('error', () => undefined);
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const newline = buffered.indexOf('\n');
    if (newline === -1) return;
    const line = buffered.slice(0, newline);
    buffered = buffered.slice(newline + 1);
    settle({ line, timedOut: false });
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_KEPT);
  });
  child.on('error', (error) => {
    stderr = `${stderr}${error.message}\n`.slice(-STDERR_KEPT);
  });
  child.on('close', (code, signal) => {
    alive = false;
    running.delete(child);
    ended = { exitCode: code ?? (signal ? 128 : 127), ...(signal ? { signal } : {}) };
    settle({ line: undefined, timedOut: false, ...ended });
  });
  return {
    get alive() {
      return alive;
    },
    ask: (line, timeoutMs) => {
      if (pending !== undefined) throw new Error('a line session answers one request at a time');
      if (!alive) return Promise.resolve({ line: undefined, timedOut: false, ...ended, stderr });
      return new Promise<SessionAnswer>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          child.stdout.destroy();
          child.stderr.destroy();
          settle({ line: undefined, timedOut: true });
        }, timeoutMs);
        pending = (answer) => {
          clearTimeout(timer);
          resolve(answer);
        };
        hold(true);
        child.stdin.write(`${line}\n`);
      });
    },
    close: () => {
      if (alive) child.stdin.end();
    },
  };
}
