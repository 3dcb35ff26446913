import { existsSync, readFileSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { compareText } from '../text/compare-text.js';

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A folder laid out as a bare repository (HEAD, objects/, refs/). */
export function isBareRepo(path: string): boolean {
  return isFile(join(path, 'HEAD')) && isDir(join(path, 'objects')) && isDir(join(path, 'refs'));
}

/** The main worktree and common git dir for a folder inside a worktree (walking up), or undefined. */
export function findMainWorktree(start: string): { mainWorktree: string; gitDir: string } | undefined {
  let dir = resolve(start);
  for (;;) {
    const dotGit = join(dir, '.git');
    if (isDir(dotGit) && isBareRepo(dotGit)) return { mainWorktree: dir, gitDir: dotGit };
    if (isFile(dotGit)) {
      const gitdir = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
      if (gitdir === undefined) return undefined;
      const own = resolve(dir, gitdir);
      if (!isDir(own)) {
        throw new UserError('BROKEN_GITDIR', `${dotGit} points to ${own}, which is not there. Repair the link from the main folder: git worktree repair ${dir}`);
      }
      const commonFile = join(own, 'commondir');
      const common = existsSync(commonFile) ? resolve(own, readFileSync(commonFile, 'utf8').trim()) : own;
      if (!isBareRepo(common)) return undefined;
      return { mainWorktree: basename(common) === '.git' ? dirname(common) : common, gitDir: common };
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Finds the repository inside an unpacked archive: a folder with a `.git` folder, or a bare repo, up to three levels down. */
export async function findRepoIn(root: string, depth = 3): Promise<{ mainWorktree: string | undefined; gitDir: string } | undefined> {
  const found: { mainWorktree: string | undefined; gitDir: string }[] = [];
  async function walk(dir: string, level: number): Promise<void> {
    if (isDir(join(dir, '.git')) && isBareRepo(join(dir, '.git'))) {
      found.push({ mainWorktree: dir, gitDir: join(dir, '.git') });
      return;
    }
    if (isBareRepo(dir)) {
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
  return found.find((repo) => repo.mainWorktree !== undefined && basename(repo.mainWorktree) === 'tasks-app') ?? found[0];
}
