import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { makeSandbox } from '../../src/sandbox/sandbox.js';
import { REPO } from '../../scenarios/support/names.js';
import type { BuiltRepo } from './build-repo.js';
import { testGit } from './git.js';

/**
 * Points a path that was inside the old work folder at the same place in the new one; a path outside it is left as
 * it is (it then names a folder the copy does not hold).
 */
function moved(path: string, from: string, to: string): string {
  return path === from || path.startsWith(`${from}/`) ? `${to}${path.slice(from.length)}` : path;
}

/**
 * Copies a built repo's work folder (the main folder, its linked worktrees and stray siblings) into a fresh sandbox,
 * file times and links kept, so a test can change the copy while the original stays shared. Linked worktrees stay
 * linked: each record's `gitdir` file and each linked folder's `.git` file name the copy's folders, as
 * `git worktree repair` would write them (the paths git wrote are absolute). Reflogs, refs and objects are copied
 * byte for byte, so the copy grades as the original does.
 */
export async function copyBuilt(from: Pick<BuiltRepo, 'work'>): Promise<BuiltRepo> {
  const git = await testGit();
  const sandbox = await makeSandbox({ git });
  try {
    cpSync(from.work, sandbox.work, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
    const worktrees = [join(sandbox.work, REPO)];
    const records = join(sandbox.work, REPO, '.git', 'worktrees');
    for (const id of existsSync(records) ? readdirSync(records) : []) {
      const gitdirFile = join(records, id, 'gitdir');
      if (!existsSync(gitdirFile)) continue;
      const linkedGitFile = moved(readFileSync(gitdirFile, 'utf8').trim(), from.work, sandbox.work);
      writeFileSync(gitdirFile, `${linkedGitFile}\n`);
      if (!existsSync(linkedGitFile)) continue;
      const pointer = /^gitdir: (.*)$/m.exec(readFileSync(linkedGitFile, 'utf8'))?.[1];
      if (pointer !== undefined) writeFileSync(linkedGitFile, `gitdir: ${moved(pointer.trim(), from.work, sandbox.work)}\n`);
      worktrees.push(dirname(linkedGitFile));
    }
    // Each index caches its files' inode and ctime, which a copy cannot keep: refreshed, as git status would, so
    // commands that trust the cache (git apply, git diff-files) see the copy's files as unchanged, as in the original.
    // Nothing else changes; an unmerged index says "needs merge" and is left as it is.
    const env = sealedEnv({ git, home: sandbox.home });
    for (const folder of worktrees.filter((one) => existsSync(join(one, '.git')))) {
      await runGit(git, ['update-index', '-q', '--ignore-submodules', '--refresh'], { cwd: folder, env });
    }
    return { sandbox, work: sandbox.work, repo: join(sandbox.work, REPO) };
  } catch (error) {
    await sandbox.remove();
    throw error;
  }
}
