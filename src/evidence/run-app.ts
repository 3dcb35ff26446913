import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extract } from 'tar';
import { APP_DRIVER_SOURCE } from './app-driver-source.js';
import { runProcess } from '../process/run-process.js';
import type { AppBehaviour, AppCommandRun } from './types.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';

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
  /** A private temp folder for the driver and HOME. */
  readonly scratch: string;
  /** @default 5 */
  readonly secondsPerCommand?: number;
}

/** Writes the tree of one commit into an empty folder through `git archive` in the private object view. */
export async function exportCommit(reader: ReadOnlyGit, commit: string, folder: string, scratch: string): Promise<void> {
  const tarFile = join(scratch, 'export.tar');
  await mkdir(folder, { recursive: true });
  expectOk(await reader.inView(['archive', '--format=tar', '-o', tarFile, commit]));
  await extract({ file: tarFile, cwd: folder, strict: true });
}

/** Runs the app's commands in an export of main, in one Python process with a timeout per command. */
export async function runApp(options: RunAppOptions): Promise<AppBehaviour> {
  const folder = options.folder;
  if (!existsSync(join(folder, 'cli.py'))) return { ran: false, reason: 'main has no cli.py', runs: [] };
  const planFile = join(options.scratch, 'app-plan.json');
  await writeFile(planFile, JSON.stringify(APP_PLAN));
  const driver = join(options.scratch, 'app-driver.py');
  await writeFile(driver, APP_DRIVER_SOURCE);
  const seconds = options.secondsPerCommand ?? 5;
  const result = await runProcess(['python3', driver, folder, planFile, String(seconds)], {
    cwd: folder,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.scratch, LC_ALL: 'C.UTF-8', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: (seconds * APP_PLAN.length + 10) * 1000,
  });
  if (result.exitCode === 127 && result.stdout === '') {
    return { ran: false, reason: 'python3 could not be started', environmentProblem: `python3 could not be started on this machine: ${result.stderr.trim()}`, runs: [] };
  }
  if (result.exitCode !== 0) return { ran: false, reason: `the app could not be run: ${(result.stderr.trim() || result.stdout.trim()).split('\n').pop() ?? ''}`, runs: [] };
  return { ran: true, runs: JSON.parse(result.stdout) as AppCommandRun[] };
}
