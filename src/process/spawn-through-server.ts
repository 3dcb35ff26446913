import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { createInterface } from 'node:readline';
import type { CommandResult } from './command-result.js';
import { locateExecutable } from './locate-executable.js';
import { trackRunning } from './running-programs.js';
import type { RunProcessOptions } from './run-process.js';
import { DEFAULT_MAX_BUFFER, DEFAULT_TIMEOUT_MS } from './run-process.js';
import { SPAWN_SERVER_SOURCE } from './spawn-server-source.js';

/**
 * Past this resident set size (bytes) a process starts programs through the spawn server. Why: Node starts a child
 * with fork(), which copies the parent's page tables, so each start costs in proportion to the parent's memory. On our
 * 2-core machine one `git rev-parse` from Node cost 2.2 ms of CPU with a 62 MB parent, 4.4 ms with 132 MB and 7.8 ms
 * with 293 MB (1,000 starts, /usr/bin/time, parent and children); through the server it costs 1.4 ms at any size.
 * A 78 MB process making 300 starts kept the machine busy 1.15 to 1.30 CPU s in all when it made them itself and
 * 0.81 to 0.87 s through the server, the server's start included (/proc/stat, runs in turn). A `wtlab grade` (58 MB at
 * most, some 20 starts) stays below: there the server's start (about 20 ms of CPU) would cost what it saves.
 */
export const SERVER_FROM_RSS = 64 * 1024 * 1024;

/** How often (ms) a process below SERVER_FROM_RSS reads its resident set again; once past it, it uses the server from then on. */
const RSS_CHECK_MS = 100;

/**
 * How long past a run's own timeout (ms) this process waits for the server's answer before it reports the run as failed,
 * kills the server and starts later runs directly: a server stopped (SIGSTOP) or wedged must not hang the caller.
 */
export const SERVER_GRACE_MS = 5_000;

/** One run asked of the spawn server (a JSON line on its stdin): runProcess's command and options, the input as base64. */
export interface SpawnRequest {
  readonly id: number;
  readonly command: readonly string[];
  readonly options: {
    readonly cwd: string;
    readonly env: Readonly<Record<string, string>>;
    /** The bytes for the program's stdin, base64. */
    readonly input: string;
    readonly timeoutMs: number;
    readonly maxBuffer: number;
  };
}

/**
 * The server's answer (a JSON line on its stdout): how the run ended, its output as base64 (each stream cut at
 * maxBuffer), times in ms since the epoch; or why the program could not start (libuv's words, `spawn git ENOENT`); or a
 * fault of the server's own on this run.
 */
export type SpawnAnswer =
  | {
      readonly id: number;
      readonly exitCode: number;
      readonly signal: string | null;
      readonly timedOut: boolean;
      readonly stdout: string;
      readonly stderr: string;
      readonly startedAt: number;
      readonly endedAt: number;
    }
  | { readonly id: number; readonly spawnError: string; readonly startedAt: number; readonly endedAt: number }
  | { readonly id: number; readonly serverError: string };

/** The server's command line with this interpreter: isolated (`-I`: no PYTHON* variables, no user site) and without site (`-S`). */
export function spawnServerCommand(python: string): string[] {
  return [python, '-I', '-S', '-c', SPAWN_SERVER_SOURCE];
}

interface Pending {
  readonly resolve: (result: CommandResult) => void;
  readonly request: SpawnRequest;
  /** How stdout's bytes become a string, as runProcess's stdoutEncoding. */
  readonly encoding: 'utf8' | 'latin1';
}

interface Server {
  readonly child: ChildProcess;
  readonly pending: Map<number, Pending>;
  /** Stopped on purpose (stopSpawnServer): the next run starts a new server instead of going direct. */
  stopping: boolean;
}

let server: Server | undefined;
/** Set once the server could not start or stopped: every later run starts its program directly. */
let unavailable: string | undefined;
let nextId = 0;

/** What a run gets when the server stops before answering: it may or may not have run, so it is reported as failed. */
function stopped(request: SpawnRequest, why: string): CommandResult {
  const now = Date.now();
  return {
    command: request.command,
    cwd: request.options.cwd,
    exitCode: 127,
    signal: undefined,
    timedOut: false,
    stdout: '',
    stderr: `wtlab: ${why}\n`,
    startedAt: now,
    endedAt: now,
  };
}

/** A run's result from the server's answer, shaped as runProcess gives it from a direct start. */
function resultOf(answer: SpawnAnswer, waiting: Pending, cwd: string): CommandResult {
  const { command } = waiting.request;
  if ('serverError' in answer) return stopped(waiting.request, `the spawn server failed on this run: ${answer.serverError}`);
  if ('spawnError' in answer) {
    const { startedAt, endedAt } = answer;
    return {
      command,
      cwd,
      exitCode: 127,
      signal: undefined,
      timedOut: false,
      stdout: '',
      stderr: `Command failed: ${answer.spawnError}\n`,
      startedAt,
      endedAt,
    };
  }
  return {
    command,
    cwd,
    exitCode: answer.exitCode,
    signal: answer.signal ?? undefined,
    timedOut: answer.timedOut,
    stdout: Buffer.from(answer.stdout, 'base64').toString(waiting.encoding),
    stderr: Buffer.from(answer.stderr, 'base64').toString('utf8'),
    startedAt: answer.startedAt,
    endedAt: answer.endedAt,
  };
}

function startServer(python: string): Server {
  const [file = python, ...args] = spawnServerCommand(python);
  // Started from /: a version manager's python3 shim (pyenv) picks its interpreter by the folder's `.python-version`, and
  // this process may be in a learner's folder. Every request names its own absolute folder.
  const child = spawn(file, args, { cwd: '/', stdio: ['pipe', 'pipe', 'inherit'] });
  const started: Server = { child, pending: new Map(), stopping: false };
  // On Ctrl-C or SIGTERM, before a sandbox is removed: SIGTERM, on which the server kills the programs it runs and ends.
  const untrack = trackRunning(child.pid, () => child.kill('SIGTERM'));
  const end = (why: string) => {
    if (!started.stopping) unavailable ??= why;
    if (server === started) server = undefined;
    for (const { resolve, request } of started.pending.values()) resolve(stopped(request, why));
    started.pending.clear();
  };
  child.stdin?.on('error', () => undefined);
  if (child.stdout !== null)
    createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
      let answer: SpawnAnswer;
      try {
        answer = JSON.parse(line) as SpawnAnswer;
      } catch {
        return; // not an answer: the run it would have answered is reported failed after its timeout and SERVER_GRACE_MS
      }
      const waiting = started.pending.get(answer.id);
      if (waiting === undefined) return;
      started.pending.delete(answer.id);
      if (started.pending.size === 0) idle(started);
      waiting.resolve(resultOf(answer, waiting, waiting.request.options.cwd));
    });
  child.on('error', (error) => end(`the spawn server failed: ${error.message}`));
  child.on('exit', (code, signal) => {
    untrack();
    end(`the spawn server stopped (${signal ?? `exit ${code}`})`);
  });
  return started;
}

/** An idle server does not keep this process alive (nor do its pipes); a busy one does, until its last answer. */
function idle(running: Server): void {
  running.child.unref();
  for (const pipe of [running.child.stdin, running.child.stdout]) (pipe as Socket | null)?.unref();
}

function busy(running: Server): void {
  running.child.ref();
  for (const pipe of [running.child.stdin, running.child.stdout]) (pipe as Socket | null)?.ref();
}

let grown = false;
let rssCheckedAt = Number.NEGATIVE_INFINITY;

/**
 * Whether `runProcess` (via 'auto') starts this program through the server: no line callback, a server to use, and a
 * big process (`rss`, bytes: this process's resident set by default, read at most every RSS_CHECK_MS until it passes
 * SERVER_FROM_RSS, then no more: a process's memory rarely shrinks back, and its server is running by then).
 */
export function useServer(options: { readonly onLine?: unknown; readonly rss?: number }): boolean {
  if (options.onLine !== undefined || unavailable !== undefined) return false;
  if (options.rss !== undefined) return options.rss > SERVER_FROM_RSS;
  const now = performance.now();
  if (!grown && now - rssCheckedAt >= RSS_CHECK_MS) {
    rssCheckedAt = now;
    grown = process.memoryUsage.rss() > SERVER_FROM_RSS;
  }
  return grown;
}

/** Whether Node's spawn would refuse the run (a NUL byte in the command, folder or environment): then it is refused here, by a direct start. */
function refusedBySpawn(command: readonly string[], options: { readonly cwd: string; readonly env: Readonly<Record<string, string>> }): boolean {
  return [...command, options.cwd, ...Object.entries(options.env).flat()].some((text) => text.includes('\0'));
}

/** A run's folder as an absolute path (a relative one read from this process's folder), or undefined when this process's folder is gone. */
function absoluteCwd(cwd: string): string | undefined {
  try {
    return resolvePath(cwd);
  } catch {
    return undefined;
  }
}

/**
 * Runs one program through the spawn server (started on first use with python3 from PATH, and kept for the life of
 * this process) and returns the result a direct start would give. When there is no python3 on PATH or the server
 * stopped, `direct` runs the program here instead, as it does for a run Node's spawn refuses (so the same error is
 * thrown) and for a relative cwd while this process's own folder is deleted (so the run fails as Node fails it); a run the server was busy with when it stopped, or did not answer within the run's timeout and
 * SERVER_GRACE_MS, is reported as failed (exit 127, the reason on stderr), never started twice.
 */
export function runThroughServer(
  command: readonly string[],
  options: Omit<RunProcessOptions, 'onLine' | 'via'>,
  direct: () => Promise<CommandResult>,
): Promise<CommandResult> {
  if (unavailable !== undefined || refusedBySpawn(command, options)) return direct();
  // The server's own folder is where this process was when it started it: a relative cwd is read from here, now. When
  // this process's folder is gone there is no "here" to read it from, and a direct start fails the run as Node does.
  const cwd = absoluteCwd(options.cwd);
  if (cwd === undefined) return direct();
  if (server === undefined) {
    const python = locateExecutable('python3');
    if (python === undefined) {
      unavailable = 'no python3 on PATH for the spawn server';
      return direct();
    }
    server = startServer(python);
  }
  const running = server;
  const id = nextId++;
  if (running.pending.size === 0) busy(running);
  return new Promise((resolve) => {
    const input = options.input ?? '';
    const sent: SpawnRequest = {
      id,
      command,
      options: {
        cwd,
        env: options.env,
        input: (typeof input === 'string' ? Buffer.from(input, 'utf8') : input).toString('base64'),
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxBuffer: options.maxBuffer ?? DEFAULT_MAX_BUFFER,
      },
    };
    const answered = (result: CommandResult) => {
      clearTimeout(guard);
      resolve({ ...result, cwd: options.cwd });
    };
    const waitMs = sent.options.timeoutMs + SERVER_GRACE_MS;
    const guard = setTimeout(() => {
      if (!running.pending.delete(id)) return;
      const why = `the spawn server did not answer within ${waitMs / 1000} s (the run's timeout and ${SERVER_GRACE_MS / 1000} s more)`;
      unavailable ??= why;
      answered(stopped(sent, why));
      running.child.kill('SIGKILL');
    }, waitMs);
    running.pending.set(id, { resolve: answered, request: sent, encoding: options.stdoutEncoding ?? 'utf8' });
    running.child.stdin?.write(`${JSON.stringify(sent)}\n`, (error) => {
      if (error === null || error === undefined || !running.pending.delete(id)) return;
      answered(stopped(sent, `the spawn server took no request: ${error.message}`));
    });
  });
}

/** Stops the server (SIGTERM: it kills the programs it is running) and forgets a past failure: the next run through it starts a new one. For tests. */
export function stopSpawnServer(): void {
  unavailable = undefined;
  if (server === undefined) return;
  server.stopping = true;
  server.child.kill();
  server = undefined;
}
