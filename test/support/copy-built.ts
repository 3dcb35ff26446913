import { join } from 'node:path';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { copyWorkFolder, refreshIndexes } from '../../src/sandbox/copy-work-folder.js';
import { makeSandbox } from '../../src/sandbox/sandbox.js';
import { REPO } from '../../scenarios/support/names.js';
import type { BuiltRepo } from './build-repo.js';
import { testGit } from './git.js';

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
    // Refreshed, as git status would: commands that trust the index (git apply --3way, git diff-files) see the copy's files as unchanged.
    await refreshIndexes(await copyWorkFolder({ from: from.work, to: sandbox.work }), { git, env: sealedEnv({ git, home: sandbox.home }) });
    return { sandbox, work: sandbox.work, repo: join(sandbox.work, REPO) };
  } catch (error) {
    await sandbox.remove();
    throw error;
  }
}
