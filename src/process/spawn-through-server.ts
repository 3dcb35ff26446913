import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../paths/package-root.js';
import type { CommandResult } from './command-result.js';
import { DEFAULT_TIMEOUT_MS } from './run-process.js';
import type { SpawnAnswer, SpawnRequest } from './spawn-server.js';

/**
 * Past this resident set size (bytes) a process starts programs through the spawn server. Why: Node starts a child
 * with fork(), which copies the parent's page tables, so each start costs in proportion to the parent's memory. On our
 * 2-core machine one `git rev-parse` from Node cost 2.2 ms of CPU with a 62 MB parent, 4.4 ms with 132 MB and 7.8 ms
 * with 293 MB (1,000 starts, /usr/bin/time, parent and children); through the server it costs the server's size instead.
 */
export const SERVER_FROM_RSS = 100 * 1024 * 1024;

/**
 * How long past a run's own timeout (ms) this process waits for the server's answer before it reports the run as failed,
 * kills the server and starts later runs directly: a server stopped (SIGSTOP) or wedged must not hang the caller.
 */
export const SERVER_GRACE_MS = 5_000;

interface Pending {
  readonly resolve: (result: CommandResult) => void;
  readonly reject: (error: Error) => void;
  readonly request: SpawnRequest;
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

/** The compiled server: `spawn-server.js` beside this file (bundle, dist/src), else dist/src's when this runs from TypeScript sources. */
function serverEntry(): string | undefined {
  const sibling = fileURLToPath(new URL('./spawn-server.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  const built = join(packageRoot(), 'dist', 'src', 'process', 'spawn-server.js');
  return existsSync(built) ? built : undefined;
}

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

function startServer(entry: string): Server {
  // Its own small heap, and none of this process's flags (a test runner's loaders, a debugger), from its command line
  // or from NODE_OPTIONS (the programs it starts get their own env from each request).
  const { NODE_OPTIONS: _flags, ...env } = process.env;
  const child = fork(entry, [], { env, execArgv: ['--max-semi-space-size=1'], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const started: Server = { child, pending: new Map(), stopping: false };
  const end = (why: string) => {
    if (!started.stopping) unavailable ??= why;
    if (server === started) server = undefined;
    for (const { resolve, request } of started.pending.values()) resolve(stopped(request, why));
    started.pending.clear();
  };
  child.on('message', (message: SpawnAnswer) => {
    const waiting = started.pending.get(message.id);
    started.pending.delete(message.id);
    if (started.pending.size === 0) idle(started);
    if ('result' in message) waiting?.resolve(message.result);
    else waiting?.reject(message.code === undefined ? message.error : Object.assign(message.error, { code: message.code }));
  });
  child.on('error', (error) => end(`the spawn server failed: ${error.message}`));
  child.on('exit', (code, signal) => end(`the spawn server stopped (${signal ?? `exit ${code}`})`));
  return started;
}

/** An idle server does not keep this process alive; a busy one does, until its last answer. */
function idle(running: Server): void {
  running.child.unref();
  running.child.channel?.unref();
}

function busy(running: Server): void {
  running.child.ref();
  running.child.channel?.ref();
}

/**
 * Whether `runProcess` (via 'auto') starts this program through the server: no line callback, a server to use, and a
 * big process (`rss`, bytes: this process's resident set by default).
 */
export function useServer(options: { readonly onLine?: unknown; readonly rss?: number }): boolean {
  return options.onLine === undefined && unavailable === undefined && (options.rss ?? process.memoryUsage.rss()) > SERVER_FROM_RSS;
}

/**
 * Runs one program through the spawn server (started on first use, and kept for the life of this process) and
 * returns `runProcess`'s result as the server got it, or rejects with the error it threw there (same class, message
 * and code). When there is no compiled server (TypeScript sources without `npm run build`) or it stopped, `direct`
 * runs the program here instead; a run the server was busy with when it stopped, or did not answer within the run's
 * timeout and SERVER_GRACE_MS, is reported as failed (exit 127, the reason on stderr), never started twice.
 */
export function runThroughServer(request: Omit<SpawnRequest, 'id'>, direct: () => Promise<CommandResult>): Promise<CommandResult> {
  if (unavailable !== undefined) return direct();
  if (server === undefined) {
    const entry = serverEntry();
    if (entry === undefined) {
      unavailable = 'no compiled spawn server (npm run build)';
      return direct();
    }
    server = startServer(entry);
  }
  const running = server;
  const id = nextId++;
  if (running.pending.size === 0) busy(running);
  return new Promise((resolve, reject) => {
    // The server's own folder is where this process was when it started it: a relative cwd is read from here, now.
    const sent: SpawnRequest = { ...request, options: { ...request.options, cwd: resolvePath(request.options.cwd) }, id };
    const answered = (result: CommandResult) => {
      clearTimeout(guard);
      resolve({ ...result, cwd: request.options.cwd });
    };
    const refused = (error: Error) => {
      clearTimeout(guard);
      reject(error);
    };
    const waitMs = (request.options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + SERVER_GRACE_MS;
    const guard = setTimeout(() => {
      if (!running.pending.delete(id)) return;
      const why = `the spawn server did not answer within ${waitMs / 1000} s (the run's timeout and ${SERVER_GRACE_MS / 1000} s more)`;
      unavailable ??= why;
      answered(stopped(sent, why));
      running.child.kill('SIGKILL');
    }, waitMs);
    running.pending.set(id, { resolve: answered, reject: refused, request: sent });
    running.child.send(sent, (error) => {
      if (error === null) return;
      running.pending.delete(id);
      answered(stopped(sent, `the spawn server took no request: ${error.message}`));
    });
  });
}

/** Stops the server (its running programs go on to their end) and forgets a past failure: the next run through it starts a new one. For tests. */
export function stopSpawnServer(): void {
  unavailable = undefined;
  if (server === undefined) return;
  server.stopping = true;
  server.child.kill();
  server = undefined;
}
