import type { CommandResult } from './command-result.js';
import { runProcess, type RunProcessOptions } from './run-process.js';

/** One run asked of the spawn server: `runProcess`'s command and options (no `onLine`: lines are not relayed). */
export interface SpawnRequest {
  readonly id: number;
  readonly command: readonly string[];
  readonly options: Omit<RunProcessOptions, 'onLine' | 'via'>;
}

/**
 * The server's answer: the run's result, or the error runProcess threw (an argument spawn refuses), as the IPC channel's
 * structured clone carries it (class, message, stack) plus its Node `code`, which the clone drops.
 */
export type SpawnAnswer =
  { readonly id: number; readonly result: CommandResult } | { readonly id: number; readonly error: Error; readonly code: string | undefined };

/**
 * The spawn server: a small Node process that starts programs for a big one (see spawn-through-server.ts). It answers
 * each request on its IPC channel with `runProcess`'s result, runs requests concurrently, outlives a Ctrl-C (SIGINT),
 * and ends when its parent disconnects and its last run is over. Started by `wtlab` itself, never by hand.
 */
function serve(): void {
  if (process.send === undefined) {
    process.stderr.write('wtlab spawn-server: started by wtlab itself, over an IPC channel; not by hand\n');
    process.exitCode = 2;
    return;
  }
  // Ctrl-C reaches the whole process group: the programs get it as they would from a direct start and are answered as
  // killed by SIGINT, and the parent decides what happens next. The server ends when the parent disconnects.
  process.on('SIGINT', () => undefined);
  process.on('message', (request: SpawnRequest) => {
    // A parent gone before the run ended reads no answer: the run still goes to its end, and the failed send is dropped
    // (without a callback, Node throws it as an unhandled 'error' event, a stack on the terminal).
    const answer = (message: SpawnAnswer) => process.send?.(message, undefined, undefined, () => undefined);
    runProcess(request.command, { ...request.options, via: 'direct' }).then(
      (result) => answer({ id: request.id, result }),
      (error: unknown) => {
        const thrown = error instanceof Error ? error : new Error(String(error));
        const code = (thrown as { code?: unknown }).code;
        answer({ id: request.id, error: thrown, code: typeof code === 'string' ? code : undefined });
      },
    );
  });
}

serve();
