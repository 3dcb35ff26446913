import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findMainWorktree } from '../../src/quiz/main-worktree.js';
import { makeKit, removeCorpusFolders } from '../support/corpus.js';

afterAll(removeCorpusFolders);

describe('findMainWorktree', () => {
  it('finds a main folder whose name holds a newline whole, from a linked worktree (never the part before the newline)', async () => {
    const kit = await makeKit('main worktree newline');
    const repo = await kit.startRepo('course\nbranch refs/heads/x');
    const linked = join(kit.dir, 'linked');
    await kit.gitIn(repo, ['worktree', 'add', '-q', '-b', 'feature/wipe', linked]);
    expect(await findMainWorktree(kit.git, linked)).toBe(repo);
  });
});
