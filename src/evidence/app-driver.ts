import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { APP_DRIVER_SOURCE } from './app-driver-source.js';
import { startLineSession, type LineSession } from '../process/line-session.js';
import { locateExecutable } from '../process/locate-executable.js';
import { makeWorkspace, slotInPlace, takeIntoSlot, type AppWorkspace, type RunSlot } from '../sandbox/app-workspace.js';
import { planSandbox, type NoSandbox } from '../sandbox/plan-sandbox.js';
import { sandboxMode } from '../sandbox/sandbox-mode.js';
import { sandboxUser, type SandboxUser } from '../sandbox/sandbox-user.js';

/** What one run of the app needs: the export to run in, the commands, and a scratch folder of the grade. */
export interface DriverRequest {
  /** The export to run in. Under a sandbox it is moved into the sandbox's workspace (and removed after the run). */
  readonly folder: string;
  readonly plan: readonly { readonly name: string; readonly args: readonly string[] }[];
  /** Seconds allowed per command. */
  readonly seconds: number;
  /** Characters kept per stream per command. */
  readonly cap: number;
  /** The grade's private temp folder: HOME, TMPDIR and the driver's files when there is no sandbox. */
  readonly scratch: string;
}

/** How the run was isolated: `bubblewrap`, or `none` with the reason (see src/sandbox). */
export type SandboxUse = { readonly tool: 'bubblewrap' | 'unshare' } | NoSandbox;

/** How the fork that ran one request ended, and what it left. */
export interface DriverOutcome {
  readonly exitCode: number;
  readonly signal?: string;
  readonly timedOut: boolean;
  /** Set when the driver stopped the fork for passing a budget: `disk` (more than 256 MiB or 10,000 entries written into its folders). */
  readonly limit?: 'disk';
  /** The driver's results file (untrusted: the app ran in the same process), when it is a small regular file. */
  readonly results: string | undefined;
  /** The driver's progress lines (`running [...]`, `driver failed: ...`). */
  readonly progress: string;
  readonly sandbox: SandboxUse;
  /** Where the app ran: its working folder, HOME and TMPDIR, as it saw them. */
  readonly ranIn: { readonly folder: string; readonly home: string; readonly tmp: string };
}

/** A `python3` serving app runs (inside a sandbox when one can be made): each request runs in a fresh fork of it. */
interface AppDriver {
  readonly path: string;
  readonly session: LineSession;
  readonly sandbox: SandboxUse;
  readonly workspace: AppWorkspace | undefined;
  readonly user: SandboxUser | undefined;
}

const DRIVER_ENV = { LC_ALL: 'C.UTF-8', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONNOUSERSITE: '1' };

/** Why a sandbox could not be made in this process (learned when the first one failed to start); later drivers start without one. */
let sandboxBroken: string | undefined;

function startAppDriver(path: string, python: string): AppDriver {
  const env = { PATH: path, ...DRIVER_ENV };
  const workspace = sandboxBroken === undefined && sandboxMode() !== 'none' ? makeWorkspaceOrUndefined() : undefined;
  const plan =
    workspace === undefined
      ? ({ tool: 'none', reason: sandboxBroken ?? 'WTLAB_SANDBOX=none' } as const)
      : planSandbox({ program: 'python3', args: ['-c', APP_DRIVER_SOURCE], writable: workspace.dir, path });
  if (plan.tool === 'none') {
    workspace?.remove();
    // Not an export: a .python-version (or anything else) a learner committed does not pick the interpreter.
    const session = startLineSession([python, '-c', APP_DRIVER_SOURCE], { cwd: '/', env });
    return { path, session, sandbox: plan, workspace: undefined, user: undefined };
  }
  const session = startLineSession(plan.command, { cwd: '/', env, countAs: 'python3', ...(plan.user ? { user: plan.user } : {}) });
  // The workspace and every slot in it belong to the user the app runs as (65534 when grading as root).
  return { path, session, sandbox: { tool: plan.tool }, workspace, user: sandboxUser() };
}

function makeWorkspaceOrUndefined(): AppWorkspace | undefined {
  try {
    return makeWorkspace(sandboxUser());
  } catch (error) {
    sandboxBroken = `no workspace for the sandbox: ${error instanceof Error ? error.message : String(error)}`;
    return undefined;
  }
}

/** Drivers started and not running a request now; one per request running at the same time. */
const idle: AppDriver[] = [];

function takeIdle(path: string): AppDriver | undefined {
  for (let i = idle.length - 1; i >= 0; i -= 1) {
    const driver = idle[i] as AppDriver;
    if (!driver.session.alive) {
      idle.splice(i, 1);
      driver.workspace?.remove();
    } else if (driver.path === path && (driver.sandbox.tool === 'none') === (sandboxMode() === 'none')) return idle.splice(i, 1)[0];
  }
  return undefined;
}

/**
 * Starts a driver now, so that Python's start-up overlaps the git reads of the next grade; does nothing
 * when one is already idle for this PATH or python3 is not on it. An unused one exits with this process.
 */
export function warmAppDriver(path: string = process.env.PATH ?? '/usr/bin:/bin'): void {
  const python = locateExecutable('python3', path);
  if (python === undefined || idle.some((driver) => driver.session.alive && driver.path === path)) return;
  idle.push(startAppDriver(path, python));
}

/** Ends every idle driver (a process that will not grade after all). */
export function releaseAppDrivers(): void {
  for (const driver of idle.splice(0)) {
    driver.session.close();
    driver.workspace?.remove();
  }
}

/** Reads a file the run left, only when it is a small regular file (never through a link the app put there). */
async function readLeft(file: string, maxBytes: number): Promise<string | undefined> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > maxBytes) return undefined;
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

/** Whether a driver ended before answering because its sandbox could not be made (bubblewrap's own complaint). */
function sandboxFailed(driver: AppDriver, stderr: string): string | undefined {
  if (driver.sandbox.tool === 'none') return undefined;
  const complaint = /^(?:bwrap|unshare|wtlab-sandbox): (.*)$/m.exec(stderr)?.[1];
  return complaint === undefined ? undefined : `${driver.sandbox.tool} could not make a sandbox here (${complaint.trim()})`;
}

/** Without a sandbox, a driver killed by its run leaves the fork running: kill the fork's process group (it named the fork on stderr). */
function killOrphanedFork(stderr: string): void {
  const pid = Number([...stderr.matchAll(/^wtlab-fork (\d+)$/gm)].pop()?.[1]);
  if (!Number.isInteger(pid) || pid <= 1) return;
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

async function askDriver(
  driver: AppDriver,
  request: DriverRequest,
  slot: RunSlot,
  timeoutMs: number,
): Promise<{ outcome: Omit<DriverOutcome, 'results' | 'progress' | 'ranIn' | 'sandbox'>; sandboxProblem?: string }> {
  const { folder, home, tmp, resultFile, progressFile } = slot;
  const line = JSON.stringify({
    folder,
    plan: request.plan,
    seconds: request.seconds,
    cap: request.cap,
    resultFile,
    progressFile,
    home,
    tmp,
    totalSeconds: timeoutMs / 1000,
  });
  // The driver stops the fork at timeoutMs; the session waits a little longer for its answer.
  const answer = await driver.session.ask(line, timeoutMs + 10_000);
  if (answer.line === undefined) {
    if (driver.sandbox.tool === 'none') killOrphanedFork(answer.stderr);
    const problem = sandboxFailed(driver, answer.stderr);
    return {
      outcome: { exitCode: answer.exitCode ?? 1, ...(answer.signal ? { signal: answer.signal } : {}), timedOut: answer.timedOut },
      ...(problem ? { sandboxProblem: problem } : {}),
    };
  }
  try {
    const parsed = JSON.parse(answer.line) as { exitCode?: unknown; signal?: unknown; timedOut?: unknown; limit?: unknown };
    return {
      outcome: {
        exitCode: typeof parsed.exitCode === 'number' ? parsed.exitCode : 1,
        ...(typeof parsed.signal === 'string' ? { signal: parsed.signal } : {}),
        ...(parsed.limit === 'disk' ? { limit: 'disk' as const } : {}),
        timedOut: parsed.timedOut === true,
      },
    };
  } catch {
    return { outcome: { exitCode: 1, timedOut: false } };
  }
}

/**
 * Runs one request in a fork of an idle driver for this PATH (started now when there is none), allowing
 * `timeoutMs` for the whole run; undefined when python3 is not on the PATH. When a sandbox cannot be
 * made (bubblewrap missing or refused by the kernel), the run happens without one and says why, unless
 * `WTLAB_SANDBOX=require`, which makes it an outcome with `sandbox.tool` `none` and nothing run.
 */
export async function runInAppDriver(path: string, request: DriverRequest, timeoutMs: number): Promise<DriverOutcome | undefined> {
  const python = locateExecutable('python3', path);
  if (python === undefined) return undefined;
  let driver = takeIdle(path) ?? startAppDriver(path, python);
  if (driver.sandbox.tool === 'none' && sandboxMode() === 'require' && sandboxBroken === undefined) {
    // Started before --require-sandbox was read (or under WTLAB_SANDBOX=none): one with a sandbox instead.
    driver.session.close();
    driver = startAppDriver(path, python);
  }
  if (driver.sandbox.tool === 'none' && sandboxMode() === 'require') {
    driver.session.close();
    return { exitCode: 1, timedOut: false, results: undefined, progress: '', sandbox: driver.sandbox, ranIn: { folder: request.folder, home: '', tmp: '' } };
  }
  const slot = driver.workspace ? await takeIntoSlot(driver.workspace, request.folder, driver.user) : await slotInPlace(request.folder, request.scratch);
  const spent: AppWorkspace[] = [];
  try {
    const first = await askDriver(driver, request, slot, timeoutMs);
    const sandboxProblem = first.sandboxProblem;
    let outcome = first.outcome;
    if (sandboxProblem !== undefined) {
      sandboxBroken = sandboxProblem;
      const failed = driver;
      if (sandboxMode() === 'require') {
        spent.push(...(failed.workspace ? [failed.workspace] : []));
        return {
          ...outcome,
          results: undefined,
          progress: '',
          sandbox: { tool: 'none', reason: sandboxProblem },
          ranIn: { folder: slot.folder, home: slot.home, tmp: slot.tmp },
        };
      }
      // The same run again, without a sandbox, in the same slot; the failed driver's workspace goes after it.
      driver = startAppDriver(path, python);
      ({ outcome } = await askDriver(driver, request, slot, timeoutMs));
      spent.push(...(failed.workspace ? [failed.workspace] : []));
    }
    const [results, progress] = await Promise.all([readLeft(slot.resultFile, 16 * 1024 * 1024), readLeft(slot.progressFile, 64 * 1024)]);
    return { ...outcome, results, progress: (progress ?? '').trim(), sandbox: driver.sandbox, ranIn: { folder: slot.folder, home: slot.home, tmp: slot.tmp } };
  } finally {
    await slot.remove();
    const workspace = driver.workspace;
    if (workspace !== undefined && !spent.includes(workspace)) {
      if (driver.session.alive) await workspace.clear();
      else spent.push(workspace);
    }
    for (const gone of spent) gone.remove();
    // Back to the idle ones only once its workspace is empty: the next request may be another submission's.
    if (driver.session.alive && !spent.includes(driver.workspace as AppWorkspace)) idle.push(driver);
  }
}
