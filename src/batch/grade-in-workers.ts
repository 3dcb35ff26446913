import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GitBinary } from '../git/git-binary.js';
import { packageRoot } from '../paths/package-root.js';
import type { GradedSubmission } from './types.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';
import { scrubSecrets, submissionLabel } from '../submission/submission-label.js';

export interface BatchOptions {
  readonly git: GitBinary;
  /** Worker processes at most (never more than there are submissions). */
  readonly jobs: number;
  /** Called as each submission finishes, in finishing order. */
  readonly onDone?: (result: GradedSubmission, index: number) => void;
  /** The worker script to fork. @default workerEntry() */
  readonly entry?: string;
  /**
   * Wall-clock seconds one submission may take; past it its worker (and every process it started) is
   * killed, the submission fails with that reason, and a new worker takes the rest. @default 300
   */
  readonly secondsPerSubmission?: number;
}

/** Kills a worker and what it started (its own process group: git, the app's sandbox). */
function killWorker(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/**
 * The compiled worker entry: `grade-worker.js` beside this file in the bundle, else the lab's
 * compiled entry `dist/lab/grade-worker.js` (when this runs from TypeScript sources or from dist/src).
 */
export function workerEntry(): string {
  const sibling = fileURLToPath(new URL('./grade-worker.js', import.meta.url));
  return existsSync(sibling) ? sibling : join(packageRoot(), 'dist', 'lab', 'grade-worker.js');
}

/** Milliseconds a dead worker's stderr may stay open (held by a program it started) before its submission is failed without the rest. */
const STDERR_DRAIN_MS = 5000;

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ');
}

/**
 * Grades submissions in `jobs` worker processes (git and python run in their children, so processes
 * use every core); results come back in the order given, one per submission, always. A worker that
 * dies fails only the submission it held, one that takes longer than `secondsPerSubmission` is killed
 * with everything it started, and a new worker takes over the rest, so a batch always ends.
 */
export async function gradeInWorkers(sources: readonly string[], options: BatchOptions): Promise<GradedSubmission[]> {
  const entry = options.entry ?? workerEntry();
  const seconds = options.secondsPerSubmission ?? 300;
  if (!existsSync(entry)) throw new Error(`the grading worker ${entry} is missing; run npm run build`);
  const results: (GradedSubmission | undefined)[] = new Array<GradedSubmission | undefined>(sources.length).fill(undefined);
  let next = 0;
  let finished = 0;
  return new Promise((resolve) => {
    const finish = (index: number, result: GradedSubmission) => {
      if (results[index] !== undefined) return;
      results[index] = result;
      finished += 1;
      options.onDone?.(result, index);
      if (finished === sources.length) resolve(results as GradedSubmission[]);
    };
    const start = (): void => {
      // A process group of its own, so that a hung worker is killed with its children.
      const child: ChildProcess = fork(entry, [JSON.stringify(options.git)], {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        serialization: 'advanced',
        detached: true,
      });
      let held: number | undefined;
      let overdue = false;
      let timer: NodeJS.Timeout | undefined;
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-4000);
      });
      const feed = () => {
        if (next >= sources.length) {
          held = undefined;
          child.disconnect();
          return;
        }
        held = next;
        next += 1;
        const request: WorkerRequest = { index: held, source: sources[held] as string };
        timer = setTimeout(() => {
          overdue = true;
          killWorker(child);
        }, seconds * 1000);
        child.send(request);
      };
      child.on('message', (reply: WorkerReply) => {
        clearTimeout(timer);
        finish(reply.index, reply.result);
        feed();
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (held === undefined) return;
        // What the worker wrote before it died may still be in the pipe when its exit is seen: read it to its end (a
        // program the worker left holding it gets STDERR_DRAIN_MS), then tell why.
        const stream = child.stderr;
        if (stream === null || stream.readableEnded) return failHeld(code, signal);
        const drained = () => {
          clearTimeout(cap);
          failHeld(code, signal);
        };
        const cap = setTimeout(() => {
          stream.off('end', drained);
          failHeld(code, signal);
        }, STDERR_DRAIN_MS);
        stream.once('end', drained);
      });
      const failHeld = (code: number | null, signal: NodeJS.Signals | null): void => {
        if (held === undefined) return;
        const given = sources[held] as string;
        const source = submissionLabel(given);
        const error = overdue
          ? `grading it took longer than ${seconds} s, so its worker was stopped (raise the limit with --submission-timeout)`
          : `the grading worker stopped (${signal ?? `exit ${code}`}) while grading it${stderr ? `: ${scrubSecrets(lastLines(stderr), given)}` : ''}`;
        finish(held, { source, error, commands: [] });
        held = undefined;
        if (next < sources.length) start();
      };
      feed();
    };
    if (sources.length === 0) resolve([]);
    for (let i = 0; i < Math.min(options.jobs, sources.length); i += 1) start();
  });
}
