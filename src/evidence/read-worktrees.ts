import { existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { LinkedWorktreeObservation, Reflog, SiblingFolder, WorktreeRecord } from './types.js';
import type { ReadOnlyGit } from './read-only-git.js';
import { readReflogFile } from './read-reflogs.js';
import { readSmallFile } from './read-small-file.js';
import { compareText } from '../text/compare-text.js';

async function readText(file: string): Promise<string | undefined> {
  return (await readSmallFile(file, 64 * 1024))?.trim();
}

function headBranch(head: string | undefined): string | undefined {
  return head === undefined ? undefined : /^ref: refs\/heads\/(.+)$/.exec(head)?.[1];
}

/** Reads `.git/worktrees/<id>` records from the files; `canSeeFolders` is false for archives, whose paths point elsewhere. */
export async function readWorktreeRecords(gitDir: string, canSeeFolders: boolean): Promise<{ records: WorktreeRecord[]; reflogs: Reflog[] }> {
  const root = join(gitDir, 'worktrees');
  const ids = (await readdir(root, { withFileTypes: true }).catch(() => [])).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const records: WorktreeRecord[] = [];
  const reflogs: Reflog[] = [];
  for (const id of ids) {
    const folder = join(root, id);
    const gitdirFile = await readText(join(folder, 'gitdir'));
    const head = await readText(join(folder, 'HEAD'));
    const path = gitdirFile === undefined ? '' : dirname(resolve(folder, gitdirFile));
    records.push({
      id,
      path,
      branch: headBranch(head),
      head: head !== undefined && /^[0-9a-f]{40,64}$/.test(head) ? head : undefined,
      locked: existsSync(join(folder, 'locked')),
      prunable: canSeeFolders ? gitdirFile === undefined || !existsSync(join(path, '.git')) : undefined,
    });
    const reflog = await readReflogFile(join(folder, 'logs', 'HEAD'), `worktrees/${id}/HEAD`, id);
    if (reflog !== undefined) reflogs.push(reflog);
  }
  return { records, reflogs };
}

/** Folders named `tasks-app-*` beside the main worktree that hold a `.git` file. */
export async function readSiblings(mainWorktree: string, records: readonly WorktreeRecord[]): Promise<SiblingFolder[]> {
  const parent = dirname(mainWorktree);
  const prefix = `${basename(mainWorktree)}-`;
  const entries = await readdir(parent, { withFileTypes: true }).catch(() => []);
  const siblings: SiblingFolder[] = [];
  for (const entry of entries.filter((candidate) => candidate.isDirectory() && candidate.name.startsWith(prefix)).sort((a, b) => compareText(a.name, b.name))) {
    const path = join(parent, entry.name);
    const dotGit = join(path, '.git');
    if (!existsSync(dotGit) || !statSync(dotGit).isFile()) continue;
    const gitdir = /^gitdir: (.+)$/m.exec((await readText(dotGit)) ?? '')?.[1];
    siblings.push({ name: entry.name, path, gitdir, registered: records.some((record) => resolve(record.path) === resolve(path)) });
  }
  return siblings;
}

/** Splits `git status --porcelain=v1 -z` output into `XY path` lines. */
export function parseStatus(output: string): string[] {
  const parts = output.split('\0');
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? '';
    if (part.length < 4) continue;
    lines.push(part);
    if (part[0] === 'R' || part[0] === 'C') i += 1;
  }
  return lines;
}

/** Runs one read-only `git status` in a worktree folder and returns its porcelain lines (ignored files included as `!!`), or why it could not. */
export async function readStatusOrProblem(reader: ReadOnlyGit, folder: string): Promise<{ lines: string[] } | { problem: string }> {
  const result = await reader.inRepo(['status', '--porcelain=v1', '-z', '--ignored=matching', '-uall', '--ignore-submodules=all', '--no-renames'], folder);
  if (result.exitCode === 0 && !result.timedOut) return { lines: parseStatus(result.stdout) };
  const said = result.stderr.trim().split('\n').find((line) => /^(fatal|error):/.test(line)) ?? result.stderr.trim().split('\n')[0];
  return { problem: result.timedOut ? `git status did not finish in ${folder}` : `git status failed in ${folder}${said ? `: ${said}` : ` (exit ${result.exitCode})`}` };
}

/** Like `readStatusOrProblem`, undefined when git could not read the folder. */
export async function readStatus(reader: ReadOnlyGit, folder: string): Promise<string[] | undefined> {
  const read = await readStatusOrProblem(reader, folder);
  return 'lines' in read ? read.lines : undefined;
}

/** What one live linked worktree folder shows: its tasks.json and any uncommitted work. */
export async function observeLinked(reader: ReadOnlyGit, record: WorktreeRecord): Promise<LinkedWorktreeObservation | undefined> {
  if (record.prunable !== false) return undefined;
  const read = await readStatusOrProblem(reader, record.path);
  // A folder git could not read is not a clean one: its work is unknown, never "nothing uncommitted".
  if ('problem' in read) return { source: 'live', path: record.path, branch: record.branch, hasTasksJson: existsSync(join(record.path, 'tasks.json')), tasksJson: 'absent', uncommitted: [], seenAt: Math.floor(Date.now() / 1000), statusProblem: read.problem };
  const lines = read.lines;
  const hasTasksJson = existsSync(join(record.path, 'tasks.json'));
  const tasksLine = lines.find((line) => line.slice(3) === 'tasks.json');
  const tasksJson = !hasTasksJson ? 'absent' : tasksLine?.startsWith('!!') ? 'ignored' : tasksLine?.startsWith('??') ? 'untracked' : 'tracked';
  const uncommitted = lines.filter((line) => !line.startsWith('!!') && !(line.startsWith('??') && line.slice(3) === 'tasks.json'));
  return { source: 'live', path: record.path, branch: record.branch, hasTasksJson, tasksJson, uncommitted, seenAt: Math.floor(Date.now() / 1000) };
}
