import { lstat, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { formatCommand } from '../process/command-result.js';
import { compareText } from '../text/compare-text.js';
import { UNNAMED_APP, type AppNaming } from './app-naming.js';
import { checkGitDir, enclosingRepository, GitDirProblem, locateGitDir } from './locate-git-dir.js';
import { asClause } from '../text/as-clause.js';

/** A repository found in a submission: its common git dir and main worktree (undefined when bare). */
export interface FoundRepo {
  readonly mainWorktree: string | undefined;
  readonly gitDir: string;
}

/** A folder laid out as a bare repository (a regular HEAD naming a ref or commit, objects/, refs/, no commondir). */
export async function isBareRepo(path: string): Promise<boolean> {
  return checkGitDir(path, { allowCommondir: false }).then(
    () => true,
    () => false,
  );
}

async function hasEntry(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => undefined)) !== undefined;
}

/**
 * The repository of a folder given to `wtlab grade`: the folder must be the top of a work tree (its own `.git`
 * folder or `gitdir:` file, checked as git checks it). A folder inside another repository is refused (exit 2)
 * naming that repository, since grading it would grade the enclosing one; hints use the lab's `naming`.
 */
export async function findFolderRepo(source: string, folder: string, options: { readonly naming?: AppNaming } = {}): Promise<FoundRepo> {
  const naming = options.naming ?? UNNAMED_APP;
  if (await hasEntry(join(folder, '.git'))) {
    try {
      const located = await locateGitDir(folder);
      return { mainWorktree: located.mainWorktree, gitDir: located.commonDir };
    } catch (error) {
      if (!(error instanceof GitDirProblem)) throw error;
      throw new UserError(
        'BAD_GIT_DIR',
        `${source} has a .git that git would not use: ${asClause(error.message)}. ${error.next ?? `Check it with: ${formatCommand(['git', '-C', folder, 'status'])}`}`,
      );
    }
  }
  const top = await enclosingRepository(folder);
  if (top === undefined) {
    throw new UserError(
      'NOT_A_REPO',
      `${source} is not inside a git repository. Run wtlab grade in your ${naming.repo} folder, or pass it: wtlab grade ${naming.repoPath ?? naming.repo}`,
    );
  }
  const entry = naming.appEntry;
  const next =
    entry !== undefined && (await hasEntry(join(top, entry))) && !(await hasEntry(join(folder, entry)))
      ? `Grade the repository's top folder instead: ${formatCommand(['wtlab', 'grade', top])}`
      : `Make the ${naming.repo} a repository of its own first: cd ${formatCommand([folder])} && git init -b main`;
  throw new UserError(
    'NOT_REPO_TOP',
    `${source} is not the top of a git repository: it lies inside the repository at ${top}, and grading it would grade that one. ${next}`,
  );
}

/** Where to look for an archive's repository and which one to prefer. */
export interface FindRepoInOptions {
  /** How many folder levels below the root are searched. @default 3 */
  readonly depth?: number;
  /** The lab's names: a repository in a folder named `naming.repo` is preferred, and hints use them. @default UNNAMED_APP */
  readonly naming?: AppNaming;
}

/**
 * Finds the repository inside an unpacked archive: a folder with a `.git`, or a bare repo, up to three levels down;
 * the one in a folder named as the lab names the learner's repository first, else the first found (in name order).
 * Every `.git` and pointer must stay inside `root` (links are followed only to check that): a `.git` folder or link
 * that leaves is refused (UNSAFE_ARCHIVE); a folder whose `.git` file points outside (a linked worktree archived beside
 * its repository, its absolute path still leading to the learner's own folders) is skipped, so the archive grades the
 * same wherever it is unpacked.
 */
export async function findRepoIn(root: string, options: FindRepoInOptions = {}): Promise<FoundRepo | undefined> {
  const { depth = 3, naming = UNNAMED_APP } = options;
  const found: FoundRepo[] = [];
  async function walk(dir: string, level: number): Promise<void> {
    if (await hasEntry(join(dir, '.git'))) {
      try {
        const located = await locateGitDir(dir, { within: root });
        found.push({ mainWorktree: located.mainWorktree, gitDir: located.commonDir });
        return;
      } catch (error) {
        if (!(error instanceof GitDirProblem)) throw error;
        // A linked worktree packed beside its repository: git wrote an absolute path in its `.git` file, which leads
        // out of the archive where the learner's folders still exist. Not a repository of the archive: skipped, never followed.
        if (error.kind === 'outside' && (await lstat(join(dir, '.git'))).isFile()) return;
        if (error.kind === 'outside')
          throw new UserError(
            'UNSAFE_ARCHIVE',
            `the archive's repository cannot be graded: ${error.message.replace(root, '(archive)')}. Archive the ${naming.repo} folder itself, with its .git: tar -czf ${naming.repo}.tar.gz ${naming.repo}`,
          );
      }
    }
    if (await isBareRepo(dir)) {
      found.push({ mainWorktree: undefined, gitDir: dir });
      return;
    }
    if (level >= depth) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries.filter((candidate) => candidate.isDirectory()).sort((a, b) => compareText(a.name, b.name))) {
      await walk(join(dir, entry.name), level + 1);
    }
  }
  await walk(root, 0);
  return found.find((repo) => repo.mainWorktree !== undefined && basename(repo.mainWorktree) === naming.repo) ?? found[0];
}
