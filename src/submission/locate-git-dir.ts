import { lstat, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { isInside, readLearnerFile } from '../evidence/read-small-file.js';

/** A git dir found the way git finds it, every pointer on the way checked. */
export interface LocatedGitDir {
  /** The git dir of the folder itself (`.git`, or where a `.git` file points). */
  readonly ownGitDir: string;
  /** The common git dir (the same as `ownGitDir` unless it is a linked worktree's). */
  readonly commonDir: string;
  /** The main worktree folder; undefined when the common dir is a bare repository. */
  readonly mainWorktree: string | undefined;
}

/** What GitDirProblem adds to its message. */
export interface GitDirProblemOptions {
  /** The next command to run, when there is a better one than looking at the folder. */
  readonly next?: string;
  /** `outside`: a path or pointer that leads out of the folder it must stay in (`within`); `refused`: anything git would refuse. @default 'refused' */
  readonly kind?: 'outside' | 'refused';
}

/** A git dir or pointer git would refuse, or one that leads out of where it must stay: the fact, as one sentence. */
export class GitDirProblem extends Error {
  /** The next command to run, when there is a better one than looking at the folder. */
  readonly next: string | undefined;
  readonly kind: 'outside' | 'refused';

  constructor(message: string, options: GitDirProblemOptions = {}) {
    super(message);
    this.name = 'GitDirProblem';
    this.next = options.next;
    this.kind = options.kind ?? 'refused';
  }
}

const HEAD_TEXT = /^(ref: refs\/\S+|[0-9a-f]{40}|[0-9a-f]{64})\s*$/;

async function kind(path: string): Promise<'missing' | 'dir' | 'file' | 'link' | 'other'> {
  const found = await lstat(path).catch(() => undefined);
  if (found === undefined) return 'missing';
  if (found.isSymbolicLink()) return 'link';
  if (found.isDirectory()) return 'dir';
  return found.isFile() ? 'file' : 'other';
}

async function isFolder(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() === true;
}

/** Reads a small pointer file (`commondir`, `gitdir`, a `.git` file) as git does: a regular file, trailing whitespace dropped. */
async function readPointer(file: string, within: string | undefined): Promise<string> {
  const read = await readLearnerFile(file, { maxBytes: 64 * 1024, timeoutMs: 5_000, ...(within !== undefined ? { within } : {}) });
  if (!read.ok) throw new GitDirProblem(read.reason === 'too-big' ? `${file} is too big to be a pointer (${read.detail})` : read.detail);
  return read.bytes.toString('utf8').replace(/\s+$/, '');
}

async function checkInside(path: string, within: string | undefined): Promise<void> {
  if (within === undefined) return;
  const real = await realpath(path).catch(() => undefined);
  const root = await realpath(within).catch(() => within);
  if (real === undefined || !isInside(root, real))
    throw new GitDirProblem(`${path} leads outside ${within} (through a symbolic link or a pointer)`, { kind: 'outside' });
}

/**
 * What git's `is_git_directory` checks, plus that nothing on the way is a FIFO or device: `HEAD` is a regular file
 * naming a ref or a commit, `objects` and `refs` are folders. `commondir` is refused unless `allowCommondir`
 * (only a linked worktree's own git dir has one). Returns the common dir.
 */
export async function checkGitDir(dir: string, options: { readonly allowCommondir: boolean; readonly within?: string }): Promise<string> {
  if (!(await isFolder(dir))) throw new GitDirProblem(`${dir} is not a folder`);
  await checkInside(dir, options.within);
  let common = dir;
  const commondirKind = await kind(join(dir, 'commondir'));
  if (commondirKind !== 'missing') {
    if (!options.allowCommondir)
      throw new GitDirProblem(`${join(dir, 'commondir')} is there, but a repository's own .git folder has none (only a linked worktree's record does)`);
    common = resolve(dir, await readPointer(join(dir, 'commondir'), options.within));
    await checkInside(common, options.within);
  }
  const head = await readLearnerFile(join(dir, 'HEAD'), { maxBytes: 4096, timeoutMs: 5_000 });
  if (!head.ok) throw new GitDirProblem(head.reason === 'missing' ? `${dir} has no HEAD file, so it is not a git repository` : head.detail);
  if (!HEAD_TEXT.test(head.bytes.toString('utf8')))
    throw new GitDirProblem(`${join(dir, 'HEAD')} names neither a branch nor a commit, so ${dir} is not a git repository`);
  for (const part of ['objects', 'refs']) {
    if (!(await isFolder(join(common, part)))) throw new GitDirProblem(`${common} has no ${part} folder, so it is not a git repository`);
  }
  if (common !== dir) {
    if ((await kind(join(common, 'commondir'))) !== 'missing')
      throw new GitDirProblem(`${common} has a commondir file of its own: a chain of commondir pointers`);
    const commonHead = await readLearnerFile(join(common, 'HEAD'), { maxBytes: 4096, timeoutMs: 5_000 });
    if (!commonHead.ok || !HEAD_TEXT.test(commonHead.bytes.toString('utf8')))
      throw new GitDirProblem(`${common}, where ${join(dir, 'commondir')} points, is not a git repository`);
  }
  return common;
}

/** The main worktree of a common git dir: the folder holding it when it is named `.git`, else none (bare). */
export function mainWorktreeOf(commonDir: string): string | undefined {
  return basename(commonDir) === '.git' ? dirname(commonDir) : undefined;
}

/**
 * Locates the git dir of a folder whose `.git` entry exists, as git would: a `.git` folder must be a valid git dir
 * with no `commondir`; a `.git` file must hold one `gitdir: PATH` line pointing at a valid git dir, and when that
 * is a linked worktree's record it must sit under its common dir's `worktrees/`. With `within`, every path
 * reached must stay inside that folder. Throws a GitDirProblem naming what is wrong.
 */
export async function locateGitDir(folder: string, options: { readonly within?: string } = {}): Promise<LocatedGitDir> {
  const dotGit = join(folder, '.git');
  const what = await kind(dotGit);
  const within = options.within;
  if (what === 'missing') throw new GitDirProblem(`${folder} has no .git`);
  if (what === 'other') {
    const opened = await readLearnerFile(dotGit, { maxBytes: 0 });
    throw new GitDirProblem(opened.ok ? `${dotGit} is not a folder or a gitdir file` : opened.detail);
  }
  if (what === 'dir' || (what === 'link' && (await isFolder(dotGit)))) {
    await checkInside(dotGit, within);
    const common = await checkGitDir(dotGit, { allowCommondir: false, ...(within !== undefined ? { within } : {}) });
    return { ownGitDir: dotGit, commonDir: common, mainWorktree: folder };
  }
  const text = await readPointer(dotGit, within);
  // As git's read_gitfile: the text after `gitdir: ` to the end, trailing whitespace dropped; a newline inside is part of the path.
  const pointer = text.startsWith('gitdir: ') ? text.slice('gitdir: '.length) : undefined;
  if (pointer === undefined || pointer === '') throw new GitDirProblem(`${dotGit} is a file but not a \`gitdir: PATH\` pointer`);
  const own = resolve(folder, pointer);
  if (!(await isFolder(own)))
    throw new GitDirProblem(`${dotGit} points to ${own}, which is not there`, { next: `Repair the link from the main folder: git worktree repair ${folder}` });
  const common = await checkGitDir(own, { allowCommondir: true, ...(within !== undefined ? { within } : {}) });
  if (common === own) return { ownGitDir: own, commonDir: own, mainWorktree: folder };
  const records = await realpath(join(common, 'worktrees')).catch(() => undefined);
  const ownParent = await realpath(dirname(own)).catch(() => undefined);
  if (records === undefined || ownParent !== records)
    throw new GitDirProblem(`${dotGit} points to ${own}, which has a commondir but is not a worktree record under ${join(common, 'worktrees')}`);
  return { ownGitDir: own, commonDir: common, mainWorktree: mainWorktreeOf(common) };
}

/** The nearest folder above `folder` that has a `.git` entry (only looked at, never read), if any. */
export async function enclosingRepository(folder: string): Promise<string | undefined> {
  let dir = dirname(resolve(folder));
  for (;;) {
    if ((await kind(join(dir, '.git'))) !== 'missing') return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Checks a `.git/worktrees/<id>` record before git is pointed at it (with `GIT_DIR` set to the record, so whatever
 * the folder's own `.git` says is never followed): its `commondir` leads back to `commonDir`, and its `gitdir`
 * names an existing folder outside the git dir. Returns the worktree folder, or the reason git must not run there.
 */
export async function checkWorktreeRecord(
  commonDir: string,
  id: string,
): Promise<{ readonly ok: true; readonly workTree: string } | { readonly ok: false; readonly problem: string }> {
  const record = join(commonDir, 'worktrees', id);
  try {
    const common = await checkGitDir(record, { allowCommondir: true });
    const [realCommon, realExpected] = await Promise.all([realpath(common), realpath(commonDir)]);
    if (realCommon !== realExpected) return { ok: false, problem: `${join(record, 'commondir')} points to ${common}, not to this repository` };
    const dotGit = resolve(record, await readPointer(join(record, 'gitdir'), undefined));
    const workTree = dirname(dotGit);
    const realWorkTree = await realpath(workTree).catch(() => undefined);
    if (realWorkTree === undefined || !(await isFolder(realWorkTree))) return { ok: false, problem: `${workTree} is not there` };
    if (isInside(realExpected, realWorkTree)) return { ok: false, problem: `${join(record, 'gitdir')} points inside the git dir (${workTree})` };
    return { ok: true, workTree };
  } catch (error) {
    if (error instanceof GitDirProblem) return { ok: false, problem: error.message };
    throw error;
  }
}
