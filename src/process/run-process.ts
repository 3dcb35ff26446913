import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import type { CommandResult } from './command-result.js';
import { trackRunning } from './running-programs.js';
import { runThroughServer, useServer } from './spawn-through-server.js';
import { splitLines } from './split-lines.js';

export interface RunProcessOptions {
  readonly cwd: string;
  /** The whole environment of the child; nothing is inherited from this process. */
  readonly env: Readonly<Record<string, string>>;
  readonly input?: string | Buffer;
  /** @default DEFAULT_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Output beyond this many bytes per stream is cut. @default DEFAULT_MAX_BUFFER */
  readonly maxBuffer?: number;
  /** Receives every line of stdout and stderr as it comes (a build's progress), besides the collected output. @default none */
  readonly onLine?: (line: string) => void;
  /** How stdout's bytes become a string: `latin1` keeps every byte as one character (exact offsets, no loss). @default 'utf8' */
  readonly stdoutEncoding?: 'utf8' | 'latin1';
  /**
   * Who starts the program: this process (`direct`), the spawn server (`server`, see spawn-through-server.ts), or the
   * server once this process is big and no `onLine` is asked (`auto`). Either way the result is the same. @default 'auto'
   */
  readonly via?: 'auto' | 'direct' | 'server';
}

/** How long a program may run when `timeoutMs` is not given, in ms. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Bytes kept of each output stream when `maxBuffer` is not given (16 MiB). */
export const DEFAULT_MAX_BUFFER = 16 * 1024 * 1024;

let spawned = 0;
const byProgram = new Map<string, number>();

/** Counts one process start (by `runProcess` or a long-lived session) for the statistics. */
export function countSpawn(file: string): void {
  spawned += 1;
  const program = basename(file);
  byProgram.set(program, (byProgram.get(program) ?? 0) + 1);
}

/** How many processes this process has started so far (through `runProcess` and sessions). */
export function spawnCount(): number {
  return spawned;
}

/** How many processes `runProcess` started so far, per program name (`git`, `python3`, ...). */
export function spawnCountsByProgram(): ReadonlyMap<string, number> {
  return new Map(byProgram);
}

/** Collects a stream's bytes up to a limit; the rest is read and dropped so the child never blocks. */
function collect(stream: NodeJS.ReadableStream | null, limit: number, encoding: 'utf8' | 'latin1' = 'utf8'): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream?.on('data', (chunk: Buffer) => {
    if (size >= limit) return;
    const kept = size + chunk.length > limit ? chunk.subarray(0, limit - size) : chunk;
    chunks.push(kept);
    size += kept.length;
  });
  return () => Buffer.concat(chunks).toString(encoding);
}

/**
 * Runs one program to its end and returns its exact output and exit code; never throws for a
 * non-zero exit. wtlab's one process runner (git, the app's Python, make, apt-get): execa would
 * do the same, but importing it costs 200 to 330 ms on our 2-core machine against 20 to 40 ms for
 * node:child_process (measured with `node -e "import('execa')"`), more than half of a whole
 * `wtlab grade`; so execa is left to the tests. A big process (a test worker, a long batch) starts
 * programs through the spawn server instead (`via`, spawn-through-server.ts), with the same result.
 */
export async function runProcess(command: readonly string[], options: RunProcessOptions): Promise<CommandResult> {
  const [file] = command;
  if (file === undefined) throw new Error('runProcess: empty command');
  countSpawn(file);
  const { onLine, via = 'auto', ...rest } = options;
  if (onLine === undefined && (via === 'server' || (via === 'auto' && useServer(options)))) {
    return runThroughServer(command, rest, () => runHere(command, options));
  }
  return runHere(command, options);
}

/** Starts the program from this process (see runProcess). */
function runHere(command: readonly string[], options: RunProcessOptions): Promise<CommandResult> {
  const [file = '', ...args] = command;
  const startedAt = Date.now();
  const limit = options.maxBuffer ?? DEFAULT_MAX_BUFFER;
  return new Promise<CommandResult>((resolve) => {
    const child = spawn(file, args, { cwd: options.cwd, env: { ...options.env }, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    // On Ctrl-C or SIGTERM, before a sandbox is removed, the program is killed (it may be writing there).
    const untrack = trackRunning(child.pid, () => child.kill('SIGKILL'));
    const stdout = collect(child.stdout, limit, options.stdoutEncoding);
    const stderr = collect(child.stderr, limit);
    if (options.onLine) for (const stream of [child.stdout, child.stderr]) splitLines(stream, options.onLine);
    let timedOut = false;
    let spawnError: Error | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
    }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.input ?? '');
    child.on('error', (error) => {
      spawnError = error;
    });
    // A killed child's own children may hold the pipes open: stop reading once it is gone.
    child.on('exit', () => {
      untrack();
      if (!timedOut) return;
      child.stdout?.destroy();
      child.stderr?.destroy();
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const spawnFailed = spawnError !== undefined && signal === null && (code === null || code < 0);
      const err = stderr();
      resolve({
        command,
        cwd: options.cwd,
        exitCode: spawnFailed ? 127 : (code ?? 128),
        signal: signal ?? undefined,
        timedOut,
        stdout: stdout(),
        stderr: spawnFailed && !err ? `Command failed: ${spawnError?.message ?? 'could not start'}\n` : err,
        startedAt,
        endedAt: Date.now(),
      });
    });
  });
}
