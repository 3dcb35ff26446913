import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * Copies a work folder (the main folder `tasks-app`, its linked worktrees and stray siblings) from `from` to `to`, file
 * times and links kept. Linked worktrees stay linked: each record's `gitdir` file and each linked folder's `.git` file
 * name the copy's folders, as `git worktree repair` would write them (the paths git wrote are absolute). Reflogs, refs
 * and objects are copied byte for byte, so the copy grades as the original does.
 */
export function copyWorkFolder(from: string, to: string): void {
  cpSync(from, to, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  const records = join(to, REPO, '.git', 'worktrees');
  for (const id of existsSync(records) ? readdirSync(records) : []) {
    const gitdirFile = join(records, id, 'gitdir');
    if (!existsSync(gitdirFile)) continue;
    const linkedGitFile = moved(readFileSync(gitdirFile, 'utf8').trim(), from, to);
    writeFileSync(gitdirFile, `${linkedGitFile}\n`);
    if (!existsSync(linkedGitFile)) continue;
    const pointer = /^gitdir: (.*)$/m.exec(readFileSync(linkedGitFile, 'utf8'))?.[1];
    if (pointer !== undefined) writeFileSync(linkedGitFile, `gitdir: ${moved(pointer.trim(), from, to)}\n`);
  }
}

/** Copies a built repo's work folder into a fresh sandbox (copyWorkFolder), so a test can change the copy while the original stays shared. */
export async function copyBuilt(from: Pick<BuiltRepo, 'work'>): Promise<BuiltRepo> {
  const sandbox = await makeSandbox({ git: await testGit() });
  try {
    copyWorkFolder(from.work, sandbox.work);
    return { sandbox, work: sandbox.work, repo: join(sandbox.work, REPO) };
  } catch (error) {
    await sandbox.remove();
    throw error;
  }
}
