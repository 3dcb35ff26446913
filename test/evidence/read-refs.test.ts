import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeReadOnlyGit } from '../../src/evidence/read-only-git.js';
import { readRefs } from '../../src/evidence/read-refs.js';
import { makeKit, removeCorpusFolders, type Kit } from '../support/corpus.js';

afterAll(removeCorpusFolders);

async function refsOf(kit: Kit, repo: string) {
  const reader = await makeReadOnlyGit({ git: kit.git, gitDir: join(repo, '.git'), scratch: await mkdtemp(join(kit.dir, 'scratch-')) });
  return readRefs(reader);
}

describe("the main worktree's HEAD as read with the refs", () => {
  it('is the branch it is on, with its tip; detached, no branch and its commit; unborn, the branch it names and no commit', async () => {
    const kit = await makeKit('read-refs-head');
    const repo = await kit.startRepo('tasks-app');
    await kit.gitIn(repo, ['branch', 'feature/wipe']);
    await kit.gitIn(repo, ['tag', 'v1']);
    const tip = (await kit.gitIn(repo, ['rev-parse', 'HEAD'])).trim();
    const onMain = await refsOf(kit, repo);
    expect(onMain.branches.map((branch) => branch.name).sort()).toEqual(['feature/wipe', 'main']);
    expect(onMain.tags).toEqual([tip]);
    expect(onMain.head).toEqual({ branch: 'main', commit: tip });
    await kit.gitIn(repo, ['switch', '-q', 'feature/wipe']);
    expect((await refsOf(kit, repo)).head).toEqual({ branch: 'feature/wipe', commit: tip });
    // Detached at a branch's tip: HEAD is on no branch, though its commit is one's tip.
    await kit.gitIn(repo, ['switch', '-q', '--detach', 'main']);
    expect((await refsOf(kit, repo)).head).toEqual({ branch: undefined, commit: tip });
    await kit.gitIn(repo, ['switch', '-q', '--orphan', 'fresh']);
    const unborn = await refsOf(kit, repo);
    expect(unborn.head).toEqual({ branch: 'fresh', commit: undefined });
    expect(unborn.branches.map((branch) => branch.name)).not.toContain('fresh');
  });
});
