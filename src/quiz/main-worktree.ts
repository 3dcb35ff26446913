import { lstat, realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { isInside } from '../evidence/read-small-file.js';
import { formatCommand } from '../process/command-result.js';
import { UNNAMED_APP, type AppNaming } from '../submission/app-naming.js';
import { GitDirProblem, locateGitDir } from '../submission/locate-git-dir.js';

/** `folder` or the nearest folder above it with a `.git` entry (only looked at, never read), if any. */
async function nearestRepository(folder: string): Promise<string | undefined> {
  for (let dir = resolve(folder); ; dir = dirname(dir)) {
    if ((await lstat(join(dir, '.git')).catch(() => undefined)) !== undefined) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The folder of the main worktree of the repository `cwd` is in (also from a linked worktree or a subfolder). It is
 * found from the `.git` entries on disk, every pointer checked, as `wtlab grade` and `wtlab snapshot` find it: no git
 * process runs, so a repository another user owns (git's "dubious ownership": a WSL `/mnt/c` folder, a devcontainer
 * volume) is found as well. Throws a one-line UserError, whose hint names the lab's folder, when `cwd` is in no work
 * tree, in a git dir, in a `.git` git would not use, or in a bare repository.
 */
export async function findMainWorktree(cwd: string, options: { readonly naming?: AppNaming } = {}): Promise<string> {
  const repo = (options.naming ?? UNNAMED_APP).repo;
  const top = await nearestRepository(cwd);
  if (top === undefined) throw new UserError('NOT_A_REPO', `${cwd} is not inside a git work tree. Run it in your repository: cd ${repo} && wtlab quiz`);
  let located;
  try {
    located = await locateGitDir(top);
  } catch (error) {
    if (!(error instanceof GitDirProblem)) throw error;
    throw new UserError(
      'BAD_GIT_DIR',
      `${top} has a .git that git would not use: ${error.message}. ${error.next ?? `Check it with: ${formatCommand(['git', '-C', top, 'status'])}`}`,
    );
  }
  const here = await realpath(cwd).catch(() => resolve(cwd));
  for (const gitDir of [located.ownGitDir, located.commonDir]) {
    const real = await realpath(gitDir).catch(() => gitDir);
    if (isInside(real, here))
      throw new UserError(
        'NOT_A_REPO',
        `${cwd} is inside the git dir ${gitDir}, not in a work tree. Run it in your repository: cd ${formatCommand([located.mainWorktree ?? repo])} && wtlab quiz`,
      );
  }
  const main = located.mainWorktree;
  if (main === undefined || (await lstat(join(main, '.git')).catch(() => undefined)) === undefined) {
    throw new UserError(
      'NO_MAIN_WORKTREE',
      `the repository at ${cwd} has no main worktree to write the answers in. Run it in a normal clone: cd ${repo} && wtlab quiz`,
    );
  }
  return main;
}
