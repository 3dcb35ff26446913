import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { extract } from 'tar';
import { APP_DRIVER_SOURCE } from './app-driver-source.js';
import { runProcess } from '../process/run-process.js';
import type { AppBehaviour, AppCommandRun } from './types.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';
import { readSmallFile } from './read-small-file.js';

/** The app session run on an export of main: names are what graders look up. */
export const APP_PLAN: readonly { readonly name: string; readonly args: readonly string[] }[] = [
  { name: 'usage', args: [] },
  { name: 'list-empty', args: ['list'] },
  { name: 'add', args: ['add', 'write report'] },
  { name: 'add-second', args: ['add', 'review diff'] },
  { name: 'done', args: ['done', '1'] },
  { name: 'list', args: ['list'] },
  { name: 'count', args: ['count'] },
  { name: 'remaining', args: ['remaining'] },
  { name: 'delete', args: ['delete', '2'] },
  { name: 'wipe', args: ['wipe'] },
  { name: 'list-after-wipe', args: ['list'] },
  { name: 'remaining-after-wipe', args: ['remaining'] },
];

export interface RunAppOptions {
  /** A folder holding an export of main (never the learner's folder). */
  readonly folder: string;
  /** A private temp folder for the driver, HOME and TMPDIR. */
  readonly scratch: string;
  /** Each command is stopped after this many seconds; after one timeout the rest are not run. @default 5 */
  readonly secondsPerCommand?: number;
  /** Characters of stdout and of stderr kept per command; the rest is dropped and the run marked `truncated`. @default 65536 */
  readonly maxOutputChars?: number;
  /** The PATH the app sees (nothing else is inherited). @default process.env.PATH */
  readonly path?: string;
}

/** Writes the tree of one commit into an empty folder through `git archive` in the private object view. */
export async function exportCommit(reader: ReadOnlyGit, commit: string, folder: string, scratch: string): Promise<void> {
  const tarFile = join(scratch, 'export.tar');
  await mkdir(folder, { recursive: true });
  expectOk(await reader.inView(['archive', '--format=tar', '-o', tarFile, commit]));
  // Not strict: a tracked link to an absolute path is kept inside the export (its leading / stripped), not an error.
  await extract({ file: tarFile, cwd: folder, strict: false, preservePaths: false, preserveOwner: false });
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

function lastRunning(progress: string): string {
  const args = [...progress.matchAll(/^running (.*)$/gm)].pop()?.[1];
  if (args === undefined) return 'python3 cli.py';
  try {
    return ['python3 cli.py', ...(JSON.parse(args) as string[])].join(' ');
  } catch {
    return 'python3 cli.py';
  }
}

/** Runs the app's commands in an export of main, in one Python process with a clean environment and a timeout per command. */
export async function runApp(options: RunAppOptions): Promise<AppBehaviour> {
  const folder = options.folder;
  if (!existsSync(join(folder, 'cli.py'))) return { ran: false, reason: 'main has no cli.py', runs: [] };
  const path = options.path ?? process.env.PATH ?? '/usr/bin:/bin';
  const python = findOnPath('python3', path);
  if (python === undefined) return { ran: false, reason: 'python3 is not on PATH', environmentProblem: `python3 is not on the grading machine's PATH (${path})`, runs: [] };
  const home = join(options.scratch, 'app-home');
  const tmp = join(options.scratch, 'app-tmp');
  await mkdir(home, { recursive: true });
  await mkdir(tmp, { recursive: true });
  const planFile = join(options.scratch, 'app-plan.json');
  await writeFile(planFile, JSON.stringify(APP_PLAN));
  const driver = join(options.scratch, 'app-driver.py');
  await writeFile(driver, APP_DRIVER_SOURCE);
  const resultFile = join(options.scratch, 'app-result.json');
  const progressFile = join(options.scratch, 'app-progress.txt');
  const seconds = options.secondsPerCommand ?? 5;
  const cap = options.maxOutputChars ?? 64 * 1024;
  const result = await runProcess([python, driver, folder, planFile, String(seconds), String(cap), resultFile, progressFile], {
    cwd: folder,
    env: { PATH: path, HOME: home, TMPDIR: tmp, LC_ALL: 'C.UTF-8', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONNOUSERSITE: '1' },
    timeoutMs: (seconds * APP_PLAN.length + 10) * 1000,
    maxBuffer: 64 * 1024,
  });
  // The app could overwrite these files (they sit beside its export): read them as small files, parse with care.
  const progress = ((await readSmallFile(progressFile, 64 * 1024)) ?? '').trim();
  const command = lastRunning(progress);
  if (result.timedOut) return { ran: false, reason: `the app did not finish within ${seconds * APP_PLAN.length + 10} s (last started: ${command})`, runs: [] };
  if (result.signal !== undefined) return { ran: false, reason: `${command} was killed by signal ${result.signal}`, runs: [] };
  const text = await readSmallFile(resultFile);
  if (result.exitCode !== 0 || text === undefined) {
    const why = /^driver failed: (.*)$/m.exec(progress)?.[1] ?? `python3 exited ${result.exitCode}`;
    return { ran: false, reason: `the app could not be run: ${why} (at ${command})`, runs: [] };
  }
  const runs = parseRuns(text);
  if (runs === undefined) return { ran: false, reason: `the app's results could not be read back (after ${command})`, runs: [] };
  return { ran: true, runs };
}

/** The driver's results, or undefined when the file is not what the driver writes. */
function parseRuns(text: string): AppCommandRun[] | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((run) => typeof run === 'object' && run !== null && typeof (run as AppCommandRun).name === 'string') ? (parsed as AppCommandRun[]) : undefined;
  } catch {
    return undefined;
  }
}
