import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { APP_DRIVER_SOURCE } from './app-driver-source.js';
import { runProcess, type DeferredInput } from '../process/run-process.js';
import type { CommandResult } from '../process/command-result.js';

/** What one driver run needs: the export to run in, the commands, and where to write. */
export interface DriverRequest {
  readonly folder: string;
  readonly plan: readonly { readonly name: string; readonly args: readonly string[] }[];
  readonly seconds: number;
  readonly cap: number;
  readonly resultFile: string;
  readonly progressFile: string;
  /** HOME and TMPDIR the app sees. */
  readonly home: string;
  readonly tmp: string;
}

/** A `python3` running the app driver, started before it knows what to run: it waits for one request. */
export interface AppDriver {
  readonly python: string;
  readonly path: string;
  /** Sends the request; the timeout counts from now. Resolves when the driver exits. */
  run(request: DriverRequest, timeoutMs: number): Promise<CommandResult>;
  /** Lets an unused driver exit (it reads end of input). */
  release(): void;
}

/** Starts the driver now: Python's start-up overlaps whatever the caller does until it sends the request. */
export function startAppDriver(python: string, path: string): AppDriver {
  let send: (input: DeferredInput) => void = () => undefined;
  const input = new Promise<DeferredInput>((resolve) => {
    send = resolve;
  });
  const finished = runProcess([python, '-c', APP_DRIVER_SOURCE], {
    // Not the export: a .python-version (or anything else) the learner committed does not pick the interpreter.
    cwd: '/',
    env: { PATH: path, LC_ALL: 'C.UTF-8', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONNOUSERSITE: '1' },
    input,
    maxBuffer: 64 * 1024,
  });
  let used = false;
  return {
    python,
    path,
    run: (request, ms) => {
      if (used) throw new Error('an app driver runs one request');
      used = true;
      send({ text: `${JSON.stringify(request)}\n`, timeoutMs: ms });
      return finished;
    },
    release: () => {
      if (used) return;
      used = true;
      send({ text: '' });
    },
  };
}

/** The first `name` program on a PATH, or undefined. */
export function findOnPath(name: string, path: string): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

let waiting: AppDriver | undefined;

/**
 * Starts a driver for the next grade now, so that Python starts while git reads the repository; does
 * nothing when one is already waiting or python3 is not on the PATH. An unused one exits with this process.
 */
export function warmAppDriver(path: string = process.env.PATH ?? '/usr/bin:/bin'): void {
  if (waiting !== undefined) return;
  const python = findOnPath('python3', path);
  if (python !== undefined) waiting = startAppDriver(python, path);
}

/** Lets a waiting driver go (when this process will not grade after all). */
export function releaseAppDriver(): void {
  waiting?.release();
  waiting = undefined;
}

/** The waiting driver when it was started for this PATH and python3, else a new one; undefined when python3 is not on the PATH. */
export function takeAppDriver(path: string): AppDriver | undefined {
  const python = findOnPath('python3', path);
  const warm = waiting;
  waiting = undefined;
  if (warm !== undefined && warm.path === path && warm.python === python) return warm;
  warm?.release();
  return python === undefined ? undefined : startAppDriver(python, path);
}
