import { chownSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/user-error.js';
import { findMainWorktree } from '../../src/quiz/main-worktree.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { makeKit, removeCorpusFolders } from '../support/corpus.js';

afterAll(removeCorpusFolders);

const asRoot = process.getuid?.() === 0;

/** Hands every entry under `folder` (and it) to uid/gid 65534, as a volume another user owns. */
async function giveAway(folder: string): Promise<void> {
  const { readdirSync, lstatSync } = await import('node:fs');
  const walk = (path: string): void => {
    chownSync(path, 65534, 65534);
    if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(folder);
}

describe('findMainWorktree', () => {
  it('finds a main folder whose name holds a newline whole, from a linked worktree (never the part before the newline)', async () => {
    const kit = await makeKit('main worktree newline');
    const repo = await kit.startRepo('course\nbranch refs/heads/x');
    const linked = join(kit.dir, 'linked');
    await kit.gitIn(repo, ['worktree', 'add', '-q', '-b', 'feature/wipe', linked]);
    expect(await findMainWorktree(linked)).toBe(repo);
  });

  it('finds the main folder from itself, a subfolder and a linked worktree', async () => {
    const kit = await makeKit('main worktree places');
    const repo = await kit.startRepo('tasks-app');
    const linked = join(kit.dir, 'tasks-app-wipe');
    await kit.gitIn(repo, ['worktree', 'add', '-q', '-b', 'feature/wipe', linked]);
    mkdirSync(join(linked, 'deep', 'er'), { recursive: true });
    for (const cwd of [repo, join(linked, 'deep', 'er'), linked]) expect(await findMainWorktree(cwd), cwd).toBe(repo);
  });

  it('refuses a folder in no repository, and the git dir itself, with one line naming the folder to go to', async () => {
    const kit = await makeKit('main worktree refusals');
    const repo = await kit.startRepo('tasks-app');
    const outside = join(kit.dir, 'elsewhere');
    mkdirSync(outside);
    await expect(findMainWorktree(outside)).rejects.toThrow(/elsewhere is not inside a git work tree\. Run it in your repository: cd app && wtlab quiz$/);
    await expect(findMainWorktree(join(repo, '.git', 'refs'), {})).rejects.toThrow(
      new UserError(
        'NOT_A_REPO',
        `${join(repo, '.git', 'refs')} is inside the git dir ${join(repo, '.git')}, not in a work tree. Run it in your repository: cd ${repo} && wtlab quiz`,
      ),
    );
  });

  it.skipIf(!asRoot)('finds a repository another user owns, where git itself refuses ("dubious ownership")', async () => {
    const kit = await makeKit('main worktree dubious ownership');
    const repo = await kit.startRepo('tasks-app');
    const linked = join(kit.dir, 'tasks-app-wipe');
    await kit.gitIn(repo, ['worktree', 'add', '-q', '-b', 'feature/wipe', linked]);
    await giveAway(kit.dir);
    // The premise: git, with no safe.directory, refuses this repository for its owner.
    const refused = await runGit(kit.git, ['rev-parse', '--is-inside-work-tree'], {
      cwd: repo,
      env: sealedEnv({ git: kit.git, home: join(kit.dir, 'no-home') }),
    });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/dubious ownership/);
    for (const cwd of [repo, linked]) expect(await findMainWorktree(cwd), cwd).toBe(repo);
  });
});
