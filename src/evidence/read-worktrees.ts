import { realpathSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { compareVersions } from '../git/git-binary.js';
import type { LinkedWorktreeObservation, SiblingFolder, WorktreeRecord } from './types.js';
import type { ReadOnlyGit } from './read-only-git.js';
import type { ReflogRequest } from './read-reflogs.js';
import { readSmallFile } from './read-small-file.js';
import { deniedCode, isThere, unreadableError } from './unreadable.js';
import { compareText } from '../text/compare-text.js';

async function readText(file: string): Promise<string | undefined> {
  return (await readSmallFile(file, 64 * 1024))?.trim();
}

/** One worktree as `git worktree list --porcelain` describes it. */
export interface ListedWorktree {
  readonly path: string;
  /** The checked-out commit (absent for a bare repository or an unborn branch). */
  readonly head: string | undefined;
  /** The checked-out branch's short name, undefined when detached. */
  readonly branch: string | undefined;
  /** Marked `prunable` (its folder is gone; git 2.31+ says so). */
  readonly prunable: boolean;
  /** Marked `locked` (`git worktree lock`). */
  readonly locked: boolean;
}

/** Parses `git worktree list --porcelain` output, NUL-framed (`-z`, git 2.36+) or line-framed. */
export function parseWorktreeList(output: string, framing: 'nul' | 'line'): ListedWorktree[] {
  const lines = output.split(framing === 'nul' ? '\0' : '\n');
  const listed: ListedWorktree[] = [];
  let current: { path: string; head: string | undefined; branch: string | undefined; prunable: boolean; locked: boolean } | undefined;
  for (const line of [...lines, '']) {
    if (line === '') {
      if (current !== undefined) listed.push(current);
      current = undefined;
    } else if (line.startsWith('worktree ')) {
      current = { path: line.slice('worktree '.length), head: undefined, branch: undefined, prunable: false, locked: false };
    } else if (current !== undefined && line.startsWith('HEAD ')) {
      current.head = line.slice('HEAD '.length);
    } else if (current !== undefined && line.startsWith('branch refs/heads/')) {
      current.branch = line.slice('branch refs/heads/'.length);
    } else if (current !== undefined && (line === 'prunable' || line.startsWith('prunable '))) {
      current.prunable = true;
    } else if (current !== undefined && (line === 'locked' || line.startsWith('locked '))) {
      current.locked = true;
    }
  }
  return listed;
}

/**
 * Drops every entry whose path is listed more than once. Before git 2.36 the porcelain list is line-framed and
 * prints paths raw: a worktree at `x<newline>branch refs/heads/feature/wipe` reads as a second entry for `x` with
 * a branch it never had, and entries that share a path cannot be told apart.
 */
export function withoutAmbiguousPaths(listed: readonly ListedWorktree[]): ListedWorktree[] {
  const counts = new Map<string, number>();
  for (const entry of listed) counts.set(entry.path, (counts.get(entry.path) ?? 0) + 1);
  return listed.filter((entry) => counts.get(entry.path) === 1);
}

/** Lists worktrees through git, so a reftable repository reads like any other; empty when git cannot list them. */
async function listWorktrees(reader: ReadOnlyGit): Promise<ListedWorktree[]> {
  const framing = compareVersions(reader.git.version, '2.36') >= 0 ? 'nul' : 'line';
  const result = await reader.inRepo(['worktree', 'list', '--porcelain', ...(framing === 'nul' ? ['-z'] : [])], reader.gitDir);
  return result.exitCode === 0 ? withoutAmbiguousPaths(parseWorktreeList(result.stdout, framing)) : [];
}

function realOrSame(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Reads `.git/worktrees/<id>` records: the folder each points at and its lock from the record's files,
 * its branch and commit from `git worktree list` (git reads the refs, in either ref format).
 * `canSeeFolders` is false for archives, whose paths point elsewhere.
 */
export async function readWorktreeRecords(reader: ReadOnlyGit, canSeeFolders: boolean): Promise<WorktreeRecord[]> {
  const root = join(reader.gitDir, 'worktrees');
  const ids = (await readdir(root, { withFileTypes: true }).catch(() => []))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const listed = ids.length === 0 ? [] : await listWorktrees(reader);
  const records: WorktreeRecord[] = [];
  for (const id of ids) {
    const folder = join(root, id);
    const gitdirFile = await readText(join(folder, 'gitdir'));
    const path = gitdirFile === undefined ? '' : dirname(resolve(folder, gitdirFile));
    const seen = path === '' ? undefined : (listed.find((entry) => entry.path === path) ?? listed.find((entry) => realOrSame(entry.path) === realOrSame(path)));
    records.push({
      id,
      path,
      branch: seen?.branch,
      head: seen !== undefined && seen.branch === undefined ? seen.head : undefined,
      locked: await isThere(join(folder, 'locked')),
      prunable: canSeeFolders ? gitdirFile === undefined || !(await isThere(join(path, '.git'))) : undefined,
    });
  }
  return records;
}

/** The reflogs to read for worktree records: each linked worktree's HEAD. */
export function worktreeHeadReflogs(records: readonly WorktreeRecord[]): ReflogRequest[] {
  return records.map((record) => ({ ref: `worktrees/${record.id}/HEAD`, owner: record.id }));
}

/** Folders named after the main worktree's (`<main>-*`) beside it that hold a `.git` file. */
export async function readSiblings(mainWorktree: string, records: readonly WorktreeRecord[]): Promise<SiblingFolder[]> {
  const parent = dirname(mainWorktree);
  const prefix = `${basename(mainWorktree)}-`;
  // A folder this process may not list hides stray folders: that is never "none beside it".
  const entries = await readdir(parent, { withFileTypes: true }).catch((error: unknown) => {
    const code = deniedCode(error);
    if (code !== undefined) throw unreadableError(parent, { fix: { folder: parent, recursive: false }, code });
    return [];
  });
  const siblings: SiblingFolder[] = [];
  for (const entry of entries.filter((candidate) => candidate.isDirectory() && candidate.name.startsWith(prefix)).sort((a, b) => compareText(a.name, b.name))) {
    const path = join(parent, entry.name);
    const dotGit = join(path, '.git');
    if (!(await isThere(dotGit)) || !(await stat(dotGit)).isFile()) continue;
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
  const said =
    result.stderr
      .trim()
      .split('\n')
      .find((line) => /^(fatal|error):/.test(line)) ?? result.stderr.trim().split('\n')[0];
  return {
    problem: result.timedOut ? `git status did not finish in ${folder}` : `git status failed in ${folder}${said ? `: ${said}` : ` (exit ${result.exitCode})`}`,
  };
}

/** Like `readStatusOrProblem`, undefined when git could not read the folder. */
export async function readStatus(reader: ReadOnlyGit, folder: string): Promise<string[] | undefined> {
  const read = await readStatusOrProblem(reader, folder);
  return 'lines' in read ? read.lines : undefined;
}

/** What one live linked worktree folder shows: its state file (`stateFile`, the app's runtime state, e.g. `tasks.json`) and any uncommitted work. */
export async function observeLinked(
  reader: ReadOnlyGit,
  record: WorktreeRecord,
  options: { readonly stateFile: string },
): Promise<LinkedWorktreeObservation | undefined> {
  if (record.prunable !== false) return undefined;
  const read = await readStatusOrProblem(reader, record.path);
  const state = options.stateFile;
  // A folder git could not read is not a clean one: its work is unknown, never "nothing uncommitted".
  if ('problem' in read)
    return {
      source: 'live',
      path: record.path,
      branch: record.branch,
      hasTasksJson: await isThere(join(record.path, state)),
      tasksJson: 'absent',
      uncommitted: [],
      seenAt: Math.floor(Date.now() / 1000),
      statusProblem: read.problem,
    };
  const lines = read.lines;
  const hasTasksJson = await isThere(join(record.path, state));
  const tasksLine = lines.find((line) => line.slice(3) === state);
  const tasksJson = !hasTasksJson ? 'absent' : tasksLine?.startsWith('!!') ? 'ignored' : tasksLine?.startsWith('??') ? 'untracked' : 'tracked';
  const uncommitted = lines.filter((line) => !line.startsWith('!!') && !(line.startsWith('??') && line.slice(3) === state));
  return { source: 'live', path: record.path, branch: record.branch, hasTasksJson, tasksJson, uncommitted, seenAt: Math.floor(Date.now() / 1000) };
}
