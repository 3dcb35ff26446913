import type { Answer } from '../../src/quiz/types.js';

/**
 * The one place a human expectation is written down: what git's documentation (git-worktree(1),
 * "Details" and "Refs") says about each item. The product never reads this; tests compare the
 * proofs against it, so a git release that changes behaviour shows up as a failing test.
 */
export const TEXTBOOK: Readonly<Record<string, Answer>> = {
  commits: 'shared',
  branches: 'shared',
  tags: 'shared',
  config: 'shared',
  stash: 'shared',
  remotes: 'shared',
  'branch-reflog': 'shared',
  hooks: 'shared',
  'working-files': 'per-worktree',
  'uncommitted-changes': 'per-worktree',
  'untracked-files': 'per-worktree',
  index: 'per-worktree',
  head: 'per-worktree',
  'merge-in-progress': 'per-worktree',
  'head-reflog': 'per-worktree',
  bisect: 'per-worktree',
};
