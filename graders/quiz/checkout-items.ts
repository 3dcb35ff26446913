import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { QuizItem } from '../../src/quiz/types.js';
import { lookByExit, lookInFile, lookInOutput } from '../../src/quiz/look.js';
import { LAYOUT } from './sandbox-layout.js';

const MARK = 'quiz probe';
const EDITED = 'edited in worktree A';

function editTracked(path: string): void {
  writeFileSync(path, `${LAYOUT.trackedText}${EDITED}\n`);
}

/** Items about what a checkout holds: files, index, HEAD, and operations in progress. */
export const checkoutItems: readonly QuizItem[] = [
  {
    id: 'working-files',
    topic: 'The files you see and edit in the folder (the working tree)',
    tryIt: 'Edit `cli.py` in one worktree folder, then open `cli.py` in another worktree folder.',
    proof: {
      act: async (probe, worktree) => editTracked(probe.path(join(worktree, LAYOUT.trackedFile))),
      look: async (probe, worktree) => lookInFile(probe, worktree, LAYOUT.trackedFile, EDITED),
      undo: async (probe, worktree) => void (await probe.must(['checkout', '--', LAYOUT.trackedFile], worktree)),
    },
  },
  {
    id: 'uncommitted-changes',
    topic: 'Uncommitted changes to tracked files (what `git status` lists as modified)',
    tryIt: 'Edit a tracked file in one worktree, then run `git status` in each worktree.',
    proof: {
      act: async (probe, worktree) => editTracked(probe.path(join(worktree, LAYOUT.trackedFile))),
      look: (probe, worktree) => lookInOutput(probe, worktree, ['status', '--porcelain'], LAYOUT.trackedFile),
      undo: async (probe, worktree) => void (await probe.must(['checkout', '--', LAYOUT.trackedFile], worktree)),
    },
  },
  {
    id: 'untracked-files',
    topic: "Untracked and ignored files, such as the app's tasks.json",
    tryIt: 'Run `python3 cli.py add "test"` in one worktree, then `ls tasks.json` in another.',
    proof: {
      act: async (probe, worktree) => writeFileSync(probe.path(join(worktree, LAYOUT.stateFile)), '[]\n'),
      look: (probe, worktree) => lookInOutput(probe, worktree, ['status', '--porcelain', '--ignored'], LAYOUT.stateFile),
      undo: async (probe, worktree) => rmSync(probe.path(join(worktree, LAYOUT.stateFile)), { force: true }),
    },
  },
  {
    id: 'index',
    topic: 'The index, or staging area (what `git add` prepares for the next commit)',
    tryIt: 'Run `git add` on a new file in one worktree, then `git diff --cached --name-only` in another.',
    proof: {
      async act(probe, worktree) {
        writeFileSync(probe.path(join(worktree, 'staged-probe.txt')), 'staged in worktree A\n');
        await probe.must(['add', 'staged-probe.txt'], worktree);
      },
      look: (probe, worktree) => lookInOutput(probe, worktree, ['diff', '--cached', '--name-only'], 'staged-probe.txt'),
      async undo(probe, worktree) {
        await probe.must(['rm', '-q', '--cached', 'staged-probe.txt'], worktree);
        rmSync(probe.path(join(worktree, 'staged-probe.txt')), { force: true });
      },
    },
  },
  {
    id: 'head',
    topic: 'HEAD: the branch (or commit) that is checked out',
    tryIt: 'Run `git branch --show-current` in each worktree.',
    proof: {
      act: async (probe, worktree) => void (await probe.must(['checkout', '-q', '-b', 'quiz-probe-head'], worktree)),
      look: (probe, worktree) => lookInOutput(probe, worktree, ['symbolic-ref', 'HEAD'], 'refs/heads/quiz-probe-head'),
      async undo(probe, worktree) {
        await probe.must(['checkout', '-q', LAYOUT.branchA], worktree);
        await probe.must(['branch', '-q', '-D', 'quiz-probe-head'], worktree);
      },
    },
  },
  {
    id: 'merge-in-progress',
    topic: 'A merge in progress, waiting for its conflicts to be resolved (MERGE_HEAD)',
    tryIt: 'While a merge is stopped on a conflict in one worktree, run `git status` in another.',
    proof: {
      async act(probe, worktree) {
        const side = (await probe.must(['commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-m', `${MARK}: merge`], worktree)).stdout.trim();
        await probe.must(['merge', '-q', '--no-ff', '--no-commit', side], worktree);
      },
      look: (probe, worktree) => lookByExit(probe, worktree, ['rev-parse', '--quiet', '--verify', 'MERGE_HEAD']),
      undo: async (probe, worktree) => void (await probe.must(['merge', '--abort'], worktree)),
    },
  },
  {
    id: 'head-reflog',
    topic: 'The reflog of HEAD (what plain `git reflog` prints)',
    tryIt: 'Commit in one worktree, then run `git reflog -3` in each worktree.',
    proof: {
      act: async (probe, worktree) => void (await probe.must(['commit', '-q', '--allow-empty', '-m', `${MARK}: head reflog`], worktree)),
      look: (probe, worktree) => lookInOutput(probe, worktree, ['reflog', 'show', 'HEAD'], `${MARK}: head reflog`),
      async undo() {},
    },
  },
  {
    id: 'bisect',
    topic: 'A `git bisect` session in progress',
    tryIt: 'Run `git bisect start` in one worktree, then `git bisect log` in another (and `git bisect reset` after).',
    proof: {
      act: async (probe, worktree) => void (await probe.must(['bisect', 'start'], worktree)),
      look: (probe, worktree) => lookByExit(probe, worktree, ['bisect', 'log']),
      undo: async (probe, worktree) => void (await probe.must(['bisect', 'reset'], worktree)),
    },
  },
];
