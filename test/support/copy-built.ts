import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { copyWorkFolder } from '../../src/sandbox/copy-work-folder.js';
import { makeSandbox } from '../../src/sandbox/sandbox.js';
import { REPO } from '../../scenarios/support/names.js';
import type { BuiltRepo } from './build-repo.js';
import { testGit } from './git.js';

/** The main folder and each linked worktree's folder that its record names (copyWorkFolder has pointed them at the copy). */
function worktreeFolders(work: string): string[] {
  const records = join(work, REPO, '.git', 'worktrees');
  const linked = (existsSync(records) ? readdirSync(records) : [])
    .map((id) => join(records, id, 'gitdir'))
    .filter((file) => existsSync(file))
    .map((file) => dirname(readFileSync(file, 'utf8').trim()));
  return [join(work, REPO), ...linked].filter((folder) => existsSync(join(folder, '.git')));
}

/**
 * Copies a built repo's work folder (the main folder, its linked worktrees and stray siblings) into a fresh sandbox
 * with copyWorkFolder, so a test can change the copy while the original stays shared: linked worktrees stay linked,
 * and reflogs, refs and objects are copied byte for byte, so the copy grades as the original does. Each worktree's
 * index is then refreshed (below).
 */
export async function copyBuilt(from: Pick<BuiltRepo, 'work'>): Promise<BuiltRepo> {
  const git = await testGit();
  const sandbox = await makeSandbox({ git });
  try {
    await copyWorkFolder({ from: from.work, to: sandbox.work });
    // An index caches each file's inode and ctime, which a copy cannot keep: refreshed, as git status would, so commands
    // that trust the cache (git apply --3way, git diff-files) see the copy's files as unchanged, as in the original.
    // Only those stat fields change; an unmerged index says "needs merge" and keeps its stages.
    const env = sealedEnv({ git, home: sandbox.home });
    for (const folder of worktreeFolders(sandbox.work)) await runGit(git, ['update-index', '-q', '--ignore-submodules', '--refresh'], { cwd: folder, env });
    return { sandbox, work: sandbox.work, repo: join(sandbox.work, REPO) };
  } catch (error) {
    await sandbox.remove();
    throw error;
  }
}
