import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { QuizItem } from '../../src/quiz/types.js';
import { lookByExit, lookInOutput } from '../../src/quiz/look.js';
import { LAYOUT } from './sandbox-layout.js';

const MARK = 'quiz probe';

/** Items about what git stores for the repository: objects, refs, settings. */
export const repositoryItems: readonly QuizItem[] = [
  {
    id: 'commits',
    topic: 'Commits and the objects they point to (the object store under .git/objects)',
    tryIt: 'Commit in one worktree, then run `git log --all --oneline` in the other.',
    proof: {
      async act(probe, worktree) {
        writeFileSync(probe.path(join(worktree, 'commits-probe.txt')), 'made in worktree A\n');
        await probe.must(['add', 'commits-probe.txt'], worktree);
        await probe.must(['commit', '-q', '-m', `${MARK}: commits`], worktree);
      },
      async look(probe, worktree) {
        const sha = (await probe.must(['rev-parse', 'HEAD'], LAYOUT.a)).stdout.trim();
        return lookByExit(probe, worktree, ['cat-file', '-e', `${sha}^{commit}`]);
      },
      async undo() {},
    },
  },
  {
    id: 'branches',
    topic: 'The branches (the list `git branch` prints)',
    tryIt: 'Run `git branch try-me` in one worktree, then `git branch` in the other.',
    proof: {
      act: async (probe, worktree) => void (await probe.must(['branch', 'quiz-probe-branch'], worktree)),
      look: (probe, worktree) => lookByExit(probe, worktree, ['rev-parse', '--verify', '--quiet', 'refs/heads/quiz-probe-branch']),
      undo: async (probe, worktree) => void (await probe.must(['branch', '-D', 'quiz-probe-branch'], worktree)),
    },
  },
  {
    id: 'tags',
    topic: 'Tags',
    tryIt: 'Run `git tag try-me` in one worktree, then `git tag` in the other.',
    proof: {
      act: async (probe, worktree) => void (await probe.must(['tag', 'quiz-probe-tag'], worktree)),
      look: (probe, worktree) => lookByExit(probe, worktree, ['rev-parse', '--verify', '--quiet', 'refs/tags/quiz-probe-tag']),
      undo: async (probe, worktree) => void (await probe.must(['tag', '-d', 'quiz-probe-tag'], worktree)),
    },
  },
  {
    id: 'config',
    topic: 'Repository settings made with `git config` (no --global), kept in .git/config',
    tryIt: 'Run `git config lab.note hello` in one worktree, then `git config --get lab.note` in the other.',
    proof: {
      act: async (probe, worktree) => void (await probe.must(['config', 'quizprobe.setting', 'from-a'], worktree)),
      look: (probe, worktree) => lookByExit(probe, worktree, ['config', '--get', 'quizprobe.setting']),
      undo: async (probe, worktree) => void (await probe.must(['config', '--unset', 'quizprobe.setting'], worktree)),
    },
  },
  {
    id: 'stash',
    topic: 'The stash (what `git stash list` prints)',
    tryIt: 'Edit a file and run `git stash` in one worktree, then `git stash list` in the other.',
    proof: {
      async act(probe, worktree) {
        writeFileSync(probe.path(join(worktree, LAYOUT.trackedFile)), `${LAYOUT.trackedText}stashed line\n`);
        await probe.must(['stash', 'push', '-q', '-m', `${MARK}: stash`], worktree);
      },
      look: (probe, worktree) => lookInOutput(probe, worktree, ['stash', 'list'], `${MARK}: stash`),
      undo: async (probe, worktree) => void (await probe.must(['stash', 'drop', '-q'], worktree)),
    },
  },
  {
    id: 'remotes',
    topic: 'Remotes (what `git remote -v` prints)',
    tryIt: 'Run `git remote add try-me https://example.com/x.git` in one worktree, then `git remote -v` in the other.',
    proof: {
      act: async (probe, worktree) => void (await probe.must(['remote', 'add', 'quiz-probe', 'https://example.com/quiz-probe.git'], worktree)),
      look: (probe, worktree) => lookInOutput(probe, worktree, ['remote'], 'quiz-probe'),
      undo: async (probe, worktree) => void (await probe.must(['remote', 'remove', 'quiz-probe'], worktree)),
    },
  },
  {
    id: 'branch-reflog',
    topic: 'The reflog of a branch (`git reflog show feature/wipe`)',
    tryIt: 'Commit on your branch in its worktree, then run `git reflog show <that branch>` in another worktree.',
    proof: {
      act: async (probe, worktree) => void (await probe.must(['commit', '-q', '--allow-empty', '-m', `${MARK}: branch reflog`], worktree)),
      look: (probe, worktree) => lookInOutput(probe, worktree, ['reflog', 'show', `refs/heads/${LAYOUT.branchA}`], `${MARK}: branch reflog`),
      async undo() {},
    },
  },
  {
    id: 'hooks',
    topic: 'Hook scripts (such as .git/hooks/pre-commit)',
    tryIt: 'Run `git rev-parse --git-path hooks` in each worktree and compare the folders.',
    proof: {
      async act(probe, worktree) {
        const file = preCommitHook(probe.path(worktree), (await probe.must(['rev-parse', '--git-path', 'hooks'], worktree)).stdout.trim());
        writeFileSync(file, `#!/bin/sh\necho "${MARK}: hook refuses" >&2\nexit 1\n`);
        chmodSync(file, 0o755);
      },
      async look(probe, worktree) {
        const result = await probe.git(['commit', '-q', '--allow-empty', '-m', `${MARK}: hooks`], worktree);
        const refused = result.exitCode !== 0 && result.stderr.includes(`${MARK}: hook refuses`);
        if (!refused) await probe.must(['reset', '-q', '--soft', 'HEAD~1'], worktree);
        return { seen: refused, saw: `\`git commit --allow-empty\` ${refused ? 'is refused by the pre-commit hook' : 'runs no pre-commit hook'}` };
      },
      async undo(probe, worktree) {
        rmSync(preCommitHook(probe.path(worktree), (await probe.must(['rev-parse', '--git-path', 'hooks'], worktree)).stdout.trim()), { force: true });
      },
    },
  },
];

function preCommitHook(worktreeDir: string, hooksDir: string): string {
  return join(isAbsolute(hooksDir) ? hooksDir : resolve(worktreeDir, hooksDir), 'pre-commit');
}
