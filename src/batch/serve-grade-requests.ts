// The body of a worker process of `wtlab grade --jobs N`: grades the submissions its parent sends, one at a time.
import { warmAppDriver } from '../evidence/app-driver.js';
import type { GitBinary } from '../git/git-binary.js';
import type { Lab } from '../lab/define-lab.js';
import { gradeOne } from './grade-one.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

export interface GradeWorkerOptions {
  /** The lab to grade against (the worker entry that calls this names it). */
  readonly lab: Lab;
}

/** Serves grading requests on the IPC channel until the parent disconnects; the git binary comes as `process.argv[2]` (JSON). */
export function runGradeWorker(options: GradeWorkerOptions): void {
  const git = JSON.parse(process.argv[2] ?? 'null') as GitBinary | null;
  if (git === null || typeof process.send !== 'function') {
    process.stderr.write('wtlab grade-worker: start it through wtlab grade --jobs N, not by hand\n');
    process.exit(2);
  }

  // One Python starts now and runs every submission's app in a fork of its own; should an app have
  // killed it, a new one starts as soon as that grade is done, before the next submission arrives.
  warmAppDriver();
  process.on('message', (message: WorkerRequest) => {
    void gradeOne(message.source, { git, lab: options.lab }).then((result) => {
      const reply: WorkerReply = { index: message.index, result };
      process.send?.(reply);
      warmAppDriver();
    });
  });
  process.on('disconnect', () => process.exit(0));
}
