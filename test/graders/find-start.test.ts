import { describe, expect, it } from 'vitest';
import { findStart } from '../../graders/lab.js';
import type { CommitInfo, Evidence } from '../../src/evidence/types.js';
import { commit } from '../support/lab-evidence.js';

const hash = (letter: string) => letter.repeat(40);
const S0 = hash('1');
const S = hash('2');
const W = hash('3');
const R = hash('4');
const M = hash('5');
const Q = hash('6');

const WIPE_LINE = ['        elif command == "wipe":'];
const REMAINING_LINE = ['        elif command == "remaining":'];

function graph(commits: readonly CommitInfo[], branches: Record<string, string>, mainBranch = 'main'): Pick<Evidence, 'mainBranch' | 'branches' | 'commits'> {
  return { mainBranch, branches: Object.entries(branches).map(([name, tip]) => ({ name, tip })), commits };
}

const before = [commit(S, [S0], 200, 'my own change on main before the lab', ['x = 1']), commit(S0, [], 100, 'start')];

describe("the learner's start: the newest commit on main's first-parent line whose history adds neither feature", () => {
  it('a merge after a fast-forward, branches kept', () => {
    const commits = [commit(M, [W, R], 500, 'Merge'), commit(R, [S], 310, 'remaining', REMAINING_LINE), commit(W, [S], 300, 'wipe', WIPE_LINE), ...before];
    expect(findStart(graph(commits, { main: M, 'feature/wipe': W, 'feature/remaining': R }))).toBe(S);
  });

  it('both branches deleted, on master, with a commit after the merge', () => {
    const commits = [
      commit(Q, [M], 600, 'quiz', ['{']),
      commit(M, [W, R], 500, 'Merge'),
      commit(R, [S], 310, 'remaining', REMAINING_LINE),
      commit(W, [S], 300, 'wipe', WIPE_LINE),
      ...before,
    ];
    expect(findStart(graph(commits, { master: Q }, 'master'))).toBe(S);
  });

  it('squashed and rebased roads: a straight line of feature commits on the start', () => {
    const commits = [commit(R, [W], 310, 'remaining (rebased)', REMAINING_LINE), commit(W, [S], 300, 'wipe', WIPE_LINE), ...before];
    expect(findStart(graph(commits, { main: R }))).toBe(S);
  });

  it('main merged into a feature first, then fast-forwarded: still the commit the features grew from', () => {
    const X = hash('7');
    const commits = [
      commit(X, [R, W], 400, 'Merge main into feature/remaining'),
      commit(R, [S], 310, 'remaining', REMAINING_LINE),
      commit(W, [S], 300, 'wipe', WIPE_LINE),
      ...before,
    ];
    expect(findStart(graph(commits, { main: X }))).toBe(S);
  });

  it('main moved on after the features forked, then merged both: the newest commit on main before either feature came in', () => {
    const E = hash('8');
    const commits = [
      commit(M, [E, R], 500, 'Merge'),
      commit(E, [S], 320, 'fix a typo on main', ['x = 2']),
      commit(R, [S], 310, 'remaining', REMAINING_LINE),
      commit(W, [S], 300, 'wipe', WIPE_LINE),
      ...before,
    ];
    expect(findStart(graph(commits, { main: M, 'feature/wipe': W, 'feature/remaining': R }))).toBe(E);
  });

  it('nothing merged yet: main itself', () => {
    expect(findStart(graph([commit(W, [S], 300, 'wipe', WIPE_LINE), ...before], { main: S, 'feature/wipe': W }))).toBe(S);
  });

  it('no start to find: no main branch, or a first commit that already has a feature', () => {
    expect(findStart(graph(before, { feature: S }, undefined as unknown as string))).toBeUndefined();
    expect(findStart(graph([commit(W, [], 300, 'everything at once', [...WIPE_LINE, ...REMAINING_LINE])], { main: W }))).toBeUndefined();
  });
});
