import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { copyTreeHere } from '../paths/copy-tree.js';
import { runInAppDriver, type SandboxUse } from './app-driver.js';
import { sandboxMode } from '../sandbox/sandbox-mode.js';
import type { AppBehaviour, AppCommandRun } from './types.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';

/** One command to run: a name to find its result by, and the arguments after `python3 cli.py`. */
export interface AppPlanStep {
  readonly name: string;
  readonly args: readonly string[];
}

export interface RunAppOptions {
  /** A folder holding an export of a commit (never the learner's folder). */
  readonly folder: string;
  /** The commands, run in order in the same folder (each sees the state the ones before left). */
  readonly plan: readonly AppPlanStep[];
  /** The grade's private temp folder: HOME, TMPDIR and the driver's files when there is no sandbox. */
  readonly scratch: string;
  /** Each command is stopped after this many seconds; a command that timed out is not run again. @default 5 */
  readonly secondsPerCommand?: number;
  /** Characters of stdout and of stderr kept per command; the rest is dropped and the run marked `truncated`. @default 65536 */
  readonly maxOutputChars?: number;
  /** The PATH the app sees (nothing else is inherited). @default process.env.PATH */
  readonly path?: string;
}

/**
 * Writes the tree of one commit into an empty folder: git checks it out from the private object view
 * (whose index and config are ours, so no filter, hook or attribute driver of the learner's runs).
 */
export async function exportCommit(reader: ReadOnlyGit, commit: string, folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  expectOk(await reader.inView([`--work-tree=${folder}`, 'read-tree', '--reset', '-u', commit]));
}

/**
 * Copies an export into a new folder for another run of the same commit (a sandboxed run takes its
 * folder away), without a git process: links are copied as links, never followed, modes are kept,
 * and file names are copied byte for byte.
 */
export async function copyExport(from: string, to: string): Promise<void> {
  await copyTreeHere(Buffer.from(from), Buffer.from(to));
}

function lastRunning(progress: string): string {
  const args = [...progress.matchAll(/^running (.*)$/gm)].pop()?.[1];
  if (args === undefined) return 'python3 cli.py';
  try {
    return ['python3 cli.py', ...(JSON.parse(args) as string[])].join(' ');
  } catch {
    return 'python3 cli.py';
  }
}

/** How a run was isolated, for the report: the sandbox used, or `none` with the reason. */
function sandboxOf(use: SandboxUse): AppBehaviour['sandbox'] {
  return use.tool === 'none' ? { tool: 'none', reason: use.reason } : { tool: use.tool };
}

/**
 * Runs the app's commands in an export of main, in one fork of a Python driver inside a sandbox (see
 * src/sandbox), with a clean environment and a timeout per command. Under a sandbox the export is
 * moved into the sandbox's workspace and is gone afterwards: read what you need from it first.
 */
export async function runApp(options: RunAppOptions): Promise<AppBehaviour> {
  const folder = options.folder;
  if (!existsSync(join(folder, 'cli.py'))) return { ran: false, reason: 'main has no cli.py', runs: [] };
  const path = options.path ?? process.env.PATH ?? '/usr/bin:/bin';
  const seconds = options.secondsPerCommand ?? 5;
  const cap = options.maxOutputChars ?? 64 * 1024;
  const plan = options.plan;
  let result: Awaited<ReturnType<typeof runInAppDriver>>;
  try {
    result = await runInAppDriver(path, { folder, plan, seconds, cap, scratch: options.scratch }, (seconds * plan.length + 10) * 1000);
  } catch (error) {
    // Preparing the run (its workspace, its files) failed: wtlab's problem, never the learner's.
    const why = error instanceof Error ? error.message : String(error);
    return {
      ran: false,
      reason: 'the app could not be started',
      environmentProblem: `wtlab could not prepare the app's run (${why.split('\n')[0]})`,
      runs: [],
    };
  }
  if (result === undefined)
    return { ran: false, reason: 'python3 is not on PATH', environmentProblem: `python3 is not on the grading machine's PATH (${path})`, runs: [] };
  const sandbox = sandboxOf(result.sandbox);
  if (result.sandbox.tool === 'none' && sandboxMode() === 'require') {
    return {
      ran: false,
      reason: 'no sandbox',
      environmentProblem: `no sandbox for the app could be made (${result.sandbox.reason}) and WTLAB_SANDBOX=require`,
      runs: [],
      sandbox,
    };
  }
  // The app could have written these files (they are its fork's): they were read as small regular files, parsed with care.
  const command = lastRunning(result.progress);
  if (result.timedOut)
    return { ran: false, reason: `the app did not finish within ${seconds * plan.length + 10} s (last started: ${command})`, runs: [], sandbox };
  if (result.limit === 'disk')
    return {
      ran: false,
      reason: `the app wrote more than 256 MiB or 10,000 files and folders into its folder, HOME and TMPDIR (at ${command}); it was stopped`,
      runs: [],
      sandbox,
    };
  if (result.signal !== undefined) return { ran: false, reason: `${command} was killed by signal ${result.signal}`, runs: [], sandbox };
  if (result.exitCode !== 0 || result.results === undefined) {
    const why = /^driver failed: (.*)$/m.exec(result.progress)?.[1] ?? `python3 exited ${result.exitCode}`;
    return { ran: false, reason: `the app could not be run: ${why} (at ${command})`, runs: [], sandbox };
  }
  const runs = parseRuns(result.results);
  if (runs === undefined) return { ran: false, reason: `the app's results could not be read back (after ${command})`, runs: [], sandbox };
  return { ran: true, runs: asRunIn(runs, result.ranIn.folder, folder), sandbox };
}

/**
 * Output as if the app had run in `folder`: a sandboxed run happens in a folder of its own (`ranIn`, a fresh name
 * per run), so a path it prints (a traceback, "saved to .../tasks.json") would differ between the start's run and
 * main's, and read as a change of behaviour.
 */
function asRunIn(runs: AppCommandRun[], ranIn: string, folder: string): AppCommandRun[] {
  if (ranIn === folder || ranIn === '') return runs;
  const moved = (text: string) => text.split(ranIn).join(folder);
  return runs.map((run) => ({ ...run, stdout: moved(run.stdout), stderr: moved(run.stderr) }));
}

/** The driver's results, or undefined when the file is not what the driver writes. */
function parseRuns(text: string): AppCommandRun[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((run) => typeof run === 'object' && run !== null && typeof (run as AppCommandRun).name === 'string')
      ? (parsed as AppCommandRun[])
      : undefined;
  } catch {
    return undefined;
  }
}
