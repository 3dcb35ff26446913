import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { lab } from '../../lab/index.js';
import { fingerprint, type BuiltRepo } from './build-repo.js';
import { copyBuilt } from './copy-built.js';
import { testGit } from './git.js';
import { sharedRepo, type SharedRepo } from './shared-repos.js';

let original: SharedRepo;
let copy: BuiltRepo;
let before: string[];

beforeAll(async () => {
  original = await sharedRepo('committed');
  before = fingerprint(original.work);
  copy = await copyBuilt(original);
});
afterAll(() => copy?.sandbox.remove());

function vector(report: GradeReport): string[] {
  return report.criteria.flatMap((criterion) => criterion.checks.map((check) => `${criterion.id}/${check.id} ${check.status}`));
}

describe('a copy of a built repo with live linked worktrees', () => {
  it("lists its linked worktrees in the copy's folders, each one usable from its own folder", async () => {
    const git = await testGit();
    const env = sealedEnv({ git, home: copy.sandbox.home });
    const listed = await runGit(git, ['worktree', 'list', '--porcelain'], { cwd: copy.repo, env });
    const paths = [...listed.stdout.matchAll(/^worktree (.*)$/gm)].map((match) => match[1]);
    expect(paths).toHaveLength(3);
    expect(paths.filter((path) => !path?.startsWith(`${copy.work}/`))).toEqual([]);
    expect(listed.stdout).not.toContain('prunable');
    const inWipe = await runGit(git, ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd: `${copy.work}/tasks-app-wipe`, env });
    expect(inWipe.stdout.trim()).toBe('feature/wipe');
  });

  it("keeps no stale index: git diff-files, which trusts the index's cached inodes and times, lists what the original's lists", async () => {
    const git = await testGit();
    for (const folder of ['tasks-app', 'tasks-app-wipe', 'tasks-app-remaining']) {
      const env = sealedEnv({ git, home: copy.sandbox.home });
      const [inCopy, inOriginal] = await Promise.all([
        runGit(git, ['diff-files', '--name-only'], { cwd: `${copy.work}/${folder}`, env }),
        runGit(git, ['diff-files', '--name-only'], { cwd: `${original.work}/${folder}`, env }),
      ]);
      expect(inCopy.exitCode, inCopy.stderr).toBe(0);
      expect(inCopy.stdout, folder).toBe(inOriginal.stdout);
    }
  });

  it('grades as the original does, check by check, and leaves the original as it was', async () => {
    const git = await testGit();
    const [fromCopy, fromOriginal] = await Promise.all([gradeSubmission(copy.repo, { git, lab }), gradeSubmission(original.repo, { git, lab })]);
    expect(vector(fromCopy)).toEqual(vector(fromOriginal));
    expect(fromCopy.stage).toBe(fromOriginal.stage);
    expect(fingerprint(original.work)).toEqual(before);
  });
});
