import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { GitBinary } from '../git/git-binary.js';
import { removeTree } from '../paths/remove-tree.js';
import { formatCommand } from '../process/command-result.js';
import { stopRunningNow } from '../process/running-programs.js';

/** A throwaway folder tree: `work` for the lab's repos, `home` for HOME, `bin` with the chosen git. */
export interface Sandbox {
  readonly base: string;
  readonly work: string;
  readonly home: string;
  readonly bin: string;
  remove(): Promise<void>;
  /** Hands the folder over: it is no longer removed at this process's exit, and whoever holds `base` removes it. */
  release(): void;
}

const live = new Set<string>();
let handlersInstalled = false;

/**
 * Removes every live sandbox, synchronously (at exit or on a signal, once stopRunningNow has stopped the programs this
 * process started). A program that outlived that (one a stopped program started) can make a removal fail once
 * (ENOTEMPTY): it is tried again a few times. A
 * folder that still cannot go is named on stderr, and the exit goes on with its own code (130 for Ctrl-C).
 */
function removeAllNow(): void {
  for (const folder of live) {
    try {
      rmSync(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      process.stderr.write(`wtlab: could not remove ${folder} (${code}); remove it yourself: rm -rf ${formatCommand([folder])}\n`);
    }
  }
  live.clear();
}

function installSignalHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.once(signal, () => {
      // First the programs still running (a step's git, an app command): one left running would make its folder again.
      stopRunningNow();
      removeAllNow();
      process.exit(code);
    });
  }
  process.once('exit', removeAllNow);
}

/** The parent folder for sandboxes: `WTLAB_TMPDIR` when set, else the system's temp folder. */
export function sandboxParent(): string | undefined {
  return process.env.WTLAB_TMPDIR || undefined;
}

export interface SandboxOptions {
  /** The git linked as `bin/git`. */
  readonly git: GitBinary;
  /** The start of the folder's name. @default 'wtlab-' */
  readonly prefix?: string;
}

/** Makes a fresh sandbox that is removed by `remove()`, at exit, and on Ctrl-C or SIGTERM. */
export async function makeSandbox(options: SandboxOptions): Promise<Sandbox> {
  const { git, prefix = 'wtlab-' } = options;
  installSignalHandlers();
  const parent = sandboxParent();
  // tmp-promise makes a fresh folder readable by its owner only; loaded here so commands that make no sandbox do not pay for it.
  const { dir } = await import('tmp-promise');
  const { path: base } = await dir({ prefix, ...(parent ? { tmpdir: parent } : {}) });
  live.add(base);
  const sandbox: Sandbox = {
    base,
    work: join(base, 'work'),
    home: join(base, 'home'),
    bin: join(base, 'bin'),
    async remove() {
      await removeTree(base);
      live.delete(base);
    },
    release() {
      live.delete(base);
    },
  };
  for (const folder of [sandbox.work, sandbox.home, sandbox.bin]) mkdirSync(folder);
  symlinkSync(git.path, join(sandbox.bin, 'git'));
  return sandbox;
}
