import { APP_DRIVER_SOURCE } from './app-driver-source.js';
import { startLineSession, type LineSession } from '../process/line-session.js';
import { locateExecutable } from '../process/locate-executable.js';

/** What one run of the app needs: the export to run in, the commands, and where to write. */
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

/** How the fork that ran one request ended (its results are in the request's files). */
export interface DriverOutcome {
  readonly exitCode: number;
  readonly signal?: string;
  readonly timedOut: boolean;
}

/** A `python3` serving app runs: each request runs in a fresh fork of it. */
interface AppDriver {
  readonly python: string;
  readonly path: string;
  readonly session: LineSession;
}

function startAppDriver(python: string, path: string): AppDriver {
  const session = startLineSession([python, '-c', APP_DRIVER_SOURCE], {
    // Not an export: a .python-version (or anything else) a learner committed does not pick the interpreter.
    cwd: '/',
    env: { PATH: path, LC_ALL: 'C.UTF-8', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONNOUSERSITE: '1' },
  });
  return { python, path, session };
}

/** Drivers started and not running a request now; one per request running at the same time. */
const idle: AppDriver[] = [];

function takeIdle(python: string, path: string): AppDriver | undefined {
  for (let i = idle.length - 1; i >= 0; i -= 1) {
    const driver = idle[i] as AppDriver;
    if (!driver.session.alive) idle.splice(i, 1);
    else if (driver.python === python && driver.path === path) return idle.splice(i, 1)[0];
  }
  return undefined;
}

/**
 * Starts a driver now, so that Python's start-up overlaps the git reads of the next grade; does nothing
 * when one is already idle for this PATH or python3 is not on it. An unused one exits with this process.
 */
export function warmAppDriver(path: string = process.env.PATH ?? '/usr/bin:/bin'): void {
  const python = locateExecutable('python3', path);
  if (python === undefined || idle.some((driver) => driver.session.alive && driver.python === python && driver.path === path)) return;
  idle.push(startAppDriver(python, path));
}

/** Ends every idle driver (a process that will not grade after all). */
export function releaseAppDrivers(): void {
  for (const driver of idle.splice(0)) driver.session.close();
}

/**
 * Runs one request in a fork of an idle driver for this PATH (started now when there is none), allowing
 * `timeoutMs` for the whole run; undefined when python3 is not on the PATH.
 */
export async function runInAppDriver(path: string, request: DriverRequest, timeoutMs: number): Promise<DriverOutcome | undefined> {
  const python = locateExecutable('python3', path);
  if (python === undefined) return undefined;
  const driver = takeIdle(python, path) ?? startAppDriver(python, path);
  // The driver stops the fork at timeoutMs; the session waits a little longer for its answer.
  const answer = await driver.session.ask(JSON.stringify({ ...request, totalSeconds: timeoutMs / 1000 }), timeoutMs + 10_000);
  if (driver.session.alive) idle.push(driver);
  if (answer.line === undefined) {
    return { exitCode: answer.exitCode ?? 1, ...(answer.signal ? { signal: answer.signal } : {}), timedOut: answer.timedOut };
  }
  try {
    const parsed = JSON.parse(answer.line) as Partial<DriverOutcome>;
    return { exitCode: typeof parsed.exitCode === 'number' ? parsed.exitCode : 1, ...(typeof parsed.signal === 'string' ? { signal: parsed.signal } : {}), timedOut: parsed.timedOut === true };
  } catch {
    return { exitCode: 1, timedOut: false };
  }
}
