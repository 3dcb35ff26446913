import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GitBinary } from '../../src/git/git-binary.js';
import { resolveCachedGits } from '../../src/git-versions/resolve-cached.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { makeReadOnlyGit } from '../../src/evidence/read-only-git.js';
import { parseWorktreeList, readWorktreeRecords, withoutAmbiguousPaths } from '../../src/evidence/read-worktrees.js';
import { makeKit, removeCorpusFolders } from '../support/corpus.js';
import { isCached } from '../support/cached-git.js';

afterAll(removeCorpusFolders);

const A = 'a'.repeat(40);
/** A git older than 2.36, whose `worktree list --porcelain` has no `-z` and prints paths raw. */
const LINE_GIT = ['2.30.2'].find((version) => isCached(version));

describe('worktree records', () => {
  it('drops entries a raw newline in a path made ambiguous (line-framed list, git before 2.36)', () => {
    const output = [
      `worktree /w/tasks-app\nHEAD ${A}\nbranch refs/heads/main\n`,
      `worktree /w/x\nbranch refs/heads/feature/wipe\nHEAD ${A}\ndetached\n`,
      `worktree /w/x\nHEAD ${A}\ndetached\n`,
    ].join('\n');
    const listed = parseWorktreeList(output, 'line');
    expect(listed.map((entry) => entry.path)).toEqual(['/w/tasks-app', '/w/x', '/w/x']);
    expect(withoutAmbiguousPaths(listed).map((entry) => entry.path)).toEqual(['/w/tasks-app']);
  });

  it.skipIf(LINE_GIT === undefined)('a worktree whose folder name holds a newline and a branch line gives no other worktree that branch', async () => {
    const git = (await resolveCachedGits([LINE_GIT as string]))[0] as GitBinary;
    const kit = await makeKit('worktree path newline');
    const repo = await kit.startRepo('tasks-app');
    const env = sealedEnv({ git, home: join(kit.dir, '..', 'home'), date: '2026-01-01T09:00:00Z' });
    const old = async (args: readonly string[]) => {
      const result = await runGit(git, args, { cwd: repo, env });
      if (result.exitCode !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
    };
    await old(['branch', 'feature/wipe']);
    // The forged folder lists as a second block for `a`, detached but with feature/wipe's branch line: whichever
    // block was believed, `a` would get a branch that one of them does not have.
    await old(['worktree', 'add', '-q', '--detach', join(kit.dir, 'a\nbranch refs/heads/feature/wipe'), 'HEAD']);
    await old(['worktree', 'add', '-q', '-b', 'side', join(kit.dir, 'a')]);
    const scratch = join(kit.dir, '..', 'scratch');
    mkdirSync(scratch);
    const reader = await makeReadOnlyGit({ git, gitDir: join(repo, '.git'), scratch });
    const records = await readWorktreeRecords(reader, true);
    expect(records.map((record) => record.path).sort()).toEqual([join(kit.dir, 'a'), join(kit.dir, 'a\nbranch refs/heads/feature/wipe')]);
    expect(records.map((record) => record.branch)).toEqual([undefined, undefined]);
  });
});
