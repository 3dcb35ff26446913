import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { GitBinary } from '../git/git-binary.js';
import { runGit } from '../git/run-git.js';
import { copyTree } from '../paths/copy-tree.js';
import { sealedEnv } from '../git/sealed-env.js';
import { makeSandbox, type Sandbox } from './sandbox.js';

/** Where to copy a work folder from and to. */
export interface CopyWorkFolderOptions {
  /** The work folder to copy (absolute path); it is only read. */
  readonly from: string;
  /** The folder that receives its contents (absolute path, existing and empty, e.g. a fresh sandbox's `work`). */
  readonly to: string;
}

/**
 * Points a path that was inside the old work folder at the same place in the new one; a path outside it is left as
 * it is (it then names a folder the copy does not hold).
 */
function moved(path: string, from: string, to: string): string {
  return path === from || path.startsWith(`${from}/`) ? `${to}${path.slice(from.length)}` : path;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() === true;
}

/** Writes a file again and gives it back its times (git reads a record's times when it decides what to prune). */
async function rewrite(file: string, text: string): Promise<void> {
  const { atimeNs, mtimeNs } = await stat(file, { bigint: true });
  await writeFile(file, text);
  await utimes(file, Number(atimeNs) / 1e9, Number(mtimeNs) / 1e9);
}

/** The git dirs (a folder holding a `HEAD` file) under `root`, and their worktree records (`<git dir>/worktrees/<id>`). Object stores are not walked. */
async function gitDirs(root: string): Promise<{ dirs: string[]; records: string[] }> {
  const dirs: string[] = [];
  const records: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const isGitDir = entries.some((entry) => entry.name === 'HEAD' && entry.isFile());
    if (isGitDir) dirs.push(dir);
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name === 'objects') continue;
      const path = join(dir, entry.name);
      if (isGitDir && entry.name === 'worktrees') {
        for (const id of await readdir(path, { withFileTypes: true })) if (id.isDirectory()) records.push(join(path, id.name));
      } else await walk(path);
    }
  };
  await walk(root);
  return { dirs, records };
}

/** What a copy holds: the folder of every worktree in it (main worktrees, then linked ones), each with its index. */
export interface CopiedWorkFolder {
  readonly worktrees: readonly string[];
}

/**
 * Copies a work folder (the repos in it, their linked worktrees, untracked files and stray folders) into `to`, file
 * times (also of the files rewritten), modes and symbolic links kept, so the copy can be changed while the original is not. Linked worktrees stay
 * linked: git writes absolute paths into each record's `gitdir` file and each linked folder's `.git` file, and those
 * that named a place inside `from` are rewritten to the same place inside `to`, as `git worktree repair` would.
 * Objects, refs, reflogs and indexes are copied byte for byte, so the copy's history (commit ids, reflog times) is the
 * original's. An index caches its files' inodes and change times, which a copy cannot keep: refresh each worktree's
 * (`git update-index --refresh`, as `git status` does) before commands that trust it, such as `git apply --3way`.
 * Throws the file system's error (e.g. ENOENT when `from` does not exist).
 */
export async function copyWorkFolder(options: CopyWorkFolderOptions): Promise<CopiedWorkFolder> {
  const { from, to } = options;
  if (!(await stat(from)).isDirectory()) throw new Error(`cannot copy ${from}: it is not a folder`);
  await copyTree({ from, to, preserveTimestamps: true });
  const { dirs, records } = await gitDirs(to);
  const worktrees = dirs.filter((dir) => basename(dir) === '.git').map((dir) => dirname(dir));
  for (const record of records) {
    const gitdirFile = join(record, 'gitdir');
    if (!(await isFile(gitdirFile))) continue;
    const linkedGitFile = moved((await readFile(gitdirFile, 'utf8')).trim(), from, to);
    await rewrite(gitdirFile, `${linkedGitFile}\n`);
    if (!(await isFile(linkedGitFile))) continue;
    const pointer = /^gitdir: (.*)$/m.exec(await readFile(linkedGitFile, 'utf8'))?.[1];
    if (pointer !== undefined) await rewrite(linkedGitFile, `gitdir: ${moved(pointer.trim(), from, to)}\n`);
    worktrees.push(dirname(linkedGitFile));
  }
  return { worktrees };
}

/** What refreshing a copy's indexes needs: the git to run and its environment (e.g. a scenario's sealed one). */
export interface RefreshIndexesOptions {
  readonly git: GitBinary;
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Refreshes the index of each worktree a copy holds (`git update-index -q --ignore-submodules --refresh`, what
 * `git status` does first): only the cached inodes and change times change, so commands that trust the cache see the
 * copy's files as the original's were seen. An unmerged index says "needs merge" and keeps its stages.
 */
export async function refreshIndexes(copied: CopiedWorkFolder, options: RefreshIndexesOptions): Promise<void> {
  for (const folder of copied.worktrees) {
    await runGit(options.git, ['update-index', '-q', '--ignore-submodules', '--refresh'], { cwd: folder, env: { ...options.env } });
  }
}

/**
 * A fresh sandbox (makeSandbox, with `git` as its `bin/git`) whose work folder is a copy of `from` (copyWorkFolder),
 * each copied index refreshed in the sandbox's sealed environment (refreshIndexes). The sandbox is removed again when
 * the copy fails, and the error thrown (e.g. ENOENT when `from` does not exist).
 */
export async function sandboxWithCopyOf(from: string, git: GitBinary): Promise<Sandbox> {
  const sandbox = await makeSandbox({ git });
  try {
    const copied = await copyWorkFolder({ from, to: sandbox.work });
    await refreshIndexes(copied, { git, env: sealedEnv({ git, home: sandbox.home, shimDir: sandbox.bin }) });
    return sandbox;
  } catch (error) {
    await sandbox.remove();
    throw error;
  }
}
