import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveGitBinary } from '../../src/git/git-binary.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { removeCorpusFolders, runCorpusCase, type CorpusCase, type Kit } from '../support/corpus.js';
import { testGit } from '../support/git.js';

afterAll(removeCorpusFolders);

const NEW_GIT = join(homedir(), '.cache', 'wtlab', 'git', '2.55.0', 'bin', 'git');

function skipWithoutNewGit(): string | undefined {
  return existsSync(NEW_GIT) ? undefined : `git 2.55.0 is not cached at ${NEW_GIT} (install it with: wtlab git install 2.55.0)`;
}

/** A start repo with a linked worktree made by git 2.55 with relative paths (sets extensions.relativeWorktrees). */
async function relativeWorktreeRepo(kit: Kit): Promise<string> {
  const repo = await kit.startRepo('tasks-app');
  const git = await resolveGitBinary(NEW_GIT);
  const result = await runGit(git, ['worktree', 'add', '-q', '--relative-paths', '-b', 'feature/wipe', '../tasks-app-wipe'], {
    cwd: repo,
    env: sealedEnv({ git, home: join(kit.dir, '..', 'home') }),
  });
  if (result.exitCode !== 0) throw new Error(`git 2.55 worktree add --relative-paths failed: ${result.stderr}`);
  expect((await kit.gitIn(repo, ['config', '--file', '.git/config', 'extensions.relativeWorktrees'])).trim()).toBe('true');
  return repo;
}

const CASES: readonly CorpusCase[] = [
  {
    name: 'relative worktree paths (git 2.55) graded with the older git on PATH: says which git it needs',
    skip: skipWithoutNewGit,
    build: async (kit) => ({ source: await relativeWorktreeRepo(kit), watch: kit.dir }),
    expected: {
      exit: 2,
      stderr:
        /the repository uses the extension relativeworktrees, which needs git 2\.48 or newer; this git is 2\.\d+\.\d+\. Grade it with a newer git: wtlab grade --git/,
    },
  },
  {
    name: 'relative worktree paths graded with git 2.55 itself: a normal report',
    skip: skipWithoutNewGit,
    build: async (kit) => ({ source: await relativeWorktreeRepo(kit), watch: kit.dir, args: ['--git', NEW_GIT] }),
    expected: { exit: 1, report: (report) => expect(report.git).toBe('2.55.0') },
  },
];

describe('corpus: repositories newer than the grading git', () => {
  it.for(CASES.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s', async ([, corpusCase], context) => {
    const reason = corpusCase.skip?.();
    if (reason !== undefined) {
      context.skip(reason);
      return;
    }
    const git = await testGit();
    if (corpusCase.expected.exit === 2 && !/^2\.(\d|[1-3]\d|4[0-7])\./.test(git.version)) {
      context.skip(`the git under test (${git.version}) already reads relative worktrees`);
      return;
    }
    await runCorpusCase(corpusCase);
  });
});
