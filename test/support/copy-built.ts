import { join } from 'node:path';
import { sandboxWithCopyOf } from '../../src/sandbox/copy-work-folder.js';
import { REPO } from '../../scenarios/support/names.js';
import type { BuiltRepo } from './build-repo.js';
import { testGit } from './git.js';

/**
 * Copies a built repo's work folder (the main folder, its linked worktrees and stray siblings) into a fresh sandbox
 * (sandboxWithCopyOf, the same copy a resumed scenario starts from), so a test can change the copy while the original
 * stays shared: linked worktrees stay linked, each index is refreshed, and reflogs, refs and objects are copied byte
 * for byte, so the copy grades as the original does.
 */
export async function copyBuilt(from: Pick<BuiltRepo, 'work'>): Promise<BuiltRepo> {
  const sandbox = await sandboxWithCopyOf(from.work, await testGit());
  return { sandbox, work: sandbox.work, repo: join(sandbox.work, REPO) };
}
