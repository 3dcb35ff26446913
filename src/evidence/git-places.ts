import { readdir, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { checkWorktreeRecord } from '../submission/locate-git-dir.js';
import { findUnsafeIgnoreFiles } from '../submission/check-work-tree.js';

/** Where one git call runs: the environment that names its git dir and work tree, or why it must not run. */
export type GitPlace = { readonly ok: true; readonly env: Readonly<Record<string, string>> } | { readonly ok: false; readonly problem: string };

/**
 * Resolves a folder to the git dir and work tree git must use there, never letting git discover one itself: the
 * common git dir, the main worktree, or a linked worktree whose record checks out (see `checkWorktreeRecord`).
 * A work tree holding a `.gitignore` or `.gitattributes` git would block on is refused. Answers are cached.
 */
export function makePlaces(gitDir: string, mainWorktree: string | undefined): (cwd: string) => Promise<GitPlace> {
  const cache = new Map<string, Promise<GitPlace>>();
  let linked: Promise<Map<string, string>> | undefined;
  const linkedWorkTrees = async (): Promise<Map<string, string>> => {
    const ids = await readdir(join(gitDir, 'worktrees')).catch(() => [] as string[]);
    const found = new Map<string, string>();
    for (const id of ids) {
      const record = await checkWorktreeRecord(gitDir, id);
      if (record.ok) found.set(await realpath(record.workTree), join(gitDir, 'worktrees', id));
    }
    return found;
  };
  const withWorkTree = async (workTree: string, ownGitDir: string): Promise<GitPlace> => {
    const unsafe = await findUnsafeIgnoreFiles(workTree);
    if (unsafe !== undefined) return { ok: false, problem: unsafe };
    return { ok: true, env: { GIT_DIR: ownGitDir, GIT_WORK_TREE: workTree } };
  };
  const resolvePlace = async (cwd: string): Promise<GitPlace> => {
    const folder = resolve(cwd);
    if (folder === resolve(gitDir)) return { ok: true, env: { GIT_DIR: gitDir } };
    if (mainWorktree !== undefined && folder === resolve(mainWorktree)) return withWorkTree(folder, gitDir);
    linked ??= linkedWorkTrees();
    const real = await realpath(folder).catch(() => undefined);
    const record = real === undefined ? undefined : (await linked).get(real);
    if (record === undefined) return { ok: false, problem: `${folder} is not a worktree of this repository whose record checks out` };
    return withWorkTree(folder, record);
  };
  return (cwd) => {
    let place = cache.get(cwd);
    if (place === undefined) {
      place = resolvePlace(cwd);
      cache.set(cwd, place);
    }
    return place;
  };
}
