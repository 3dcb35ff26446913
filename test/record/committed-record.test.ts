import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GitBinary } from '../../src/git/git-binary.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { CheckResult, GradeReport } from '../../src/grade/report-types.js';
import { RECORD_FILE, type RecordFile } from '../../src/record/record-file.js';
import { takeSnapshot } from '../../src/snapshot/take-snapshot.js';
import { testGit } from '../support/git.js';
import type { BuiltRepo } from '../support/build-repo.js';
import { copyBuilt } from '../support/copy-built.js';
import { sharedRepo, type SharedRepo } from '../support/shared-repos.js';
import { lab } from '../../lab/index.js';
import { STATE_FILE } from '../../graders/lab.js';

/**
 * The record a learner commits (`wtlab snapshot` before and after cleanup) graded as a clone, as a course's CI sees
 * it: used when it agrees with the repository, ignored with a warning when it does not.
 */

let git: GitBinary;
let finished: SharedRepo;
let oneWorktree: BuiltRepo;
let forged: BuiltRepo;

function verdicts(report: GradeReport): Record<string, string> {
  return Object.fromEntries(report.criteria.map((criterion) => [criterion.id, criterion.status]));
}

function check(report: GradeReport, id: string): CheckResult | undefined {
  const [criterion, name] = id.split('/');
  return report.criteria.find((one) => one.id === criterion)?.checks.find((one) => one.id === name);
}

async function commitFile(repo: string, file: string, message: string): Promise<void> {
  const env = sealedEnv({ git, home: join(repo, '..', 'home-for-test') });
  for (const args of [
    ['add', file],
    ['commit', '-q', '-m', message],
  ]) {
    const result = await runGit(git, args, { cwd: repo, env });
    if (result.exitCode !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  }
}

beforeAll(async () => {
  git = await testGit();
  // The finished lab is read only (grading never writes); the two repos this file changes are copies of shared ones.
  [finished, oneWorktree, forged] = await Promise.all([sharedRepo('golden'), sharedRepo('committed').then(copyBuilt), sharedRepo('golden').then(copyBuilt)]);
  // A learner who removed one worktree before the snapshot: the record sees only feature/remaining's.
  const env = sealedEnv({ git, home: join(oneWorktree.work, 'home-for-test') });
  const removed = await runGit(git, ['worktree', 'remove', '--force', '../tasks-app-wipe'], { cwd: oneWorktree.repo, env });
  expect(removed.exitCode, removed.stderr).toBe(0);
  await takeSnapshot(oneWorktree.repo, { git, stateFile: STATE_FILE });
  await commitFile(oneWorktree.repo, RECORD_FILE, 'Record the worktrees');
  // A record edited by hand: a commit time moved by an hour.
  const path = join(forged.repo, RECORD_FILE);
  const record = JSON.parse(readFileSync(path, 'utf8')) as { headReflogs: { entries: { action: string; time: number }[] }[] };
  const entry = record.headReflogs.flatMap((log) => log.entries).find((one) => one.action.startsWith('commit'));
  if (entry === undefined) throw new Error('the record quotes no commit');
  entry.time -= 3600;
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  await commitFile(forged.repo, RECORD_FILE, 'Record the worktrees, edited');
}, 240_000);

afterAll(async () => {
  await Promise.all([oneWorktree, forged].map((built) => built?.sandbox.remove()));
});

describe('a clone with a committed record', () => {
  it('of the finished lab (record taken before and after cleanup) gets the folder verdicts: 100/100, saying where they come from', async () => {
    const folder = await gradeSubmission(finished.repo, { git, lab });
    const clone = await gradeSubmission(`file://${finished.repo}`, { git, lab });
    expect(verdicts(clone)).toEqual(verdicts(folder));
    expect(clone).toMatchObject({ score: 100, maxScore: 100 });
    expect(check(clone, 'three-worktrees/same-time')?.message).toContain(`From the committed ${RECORD_FILE}`);
    expect(check(clone, 'cleaned-up/only-main-worktree')?.message).toContain(`From the committed ${RECORD_FILE}`);
    expect(clone.warnings ?? []).toEqual([]);
  });

  it('taken while a worktree still exists: three-worktrees as in the folder; cleanup fails as in the folder, saying to take the record again', async () => {
    const folder = await gradeSubmission(oneWorktree.repo, { git, lab });
    const clone = await gradeSubmission(`file://${oneWorktree.repo}`, { git, lab });
    expect(check(clone, 'three-worktrees/linked-worktrees')?.status).toBe(check(folder, 'three-worktrees/linked-worktrees')?.status);
    expect(check(clone, 'three-worktrees/app-run-in-both')?.status).toBe(check(folder, 'three-worktrees/app-run-in-both')?.status);
    expect(check(clone, 'three-worktrees/linked-worktrees')?.message).toContain(RECORD_FILE);
    expect(verdicts(folder)['cleaned-up']).toBe('fail');
    expect(verdicts(clone)['cleaned-up']).toBe('fail');
    expect(check(clone, 'cleaned-up/only-main-worktree')?.message).toContain(RECORD_FILE);
    expect(check(clone, 'cleaned-up/only-main-worktree')?.hint).toContain('If you have cleaned up since, take the record again');
    // Folders beside the repository: a record taken before cleanup does not speak for them.
    expect(check(clone, 'cleaned-up/no-stray-siblings')?.status).toBe('skip');
  });

  it('that contradicts the repository is ignored with a warning, never trusted: the criteria skip, saying why', async () => {
    const clone = await gradeSubmission(`file://${forged.repo}`, { git, lab });
    expect(clone.warnings?.join('\n')).toMatch(
      /committed record is ignored: worktree-evidence\.json contradicts the repository: .* says commit [0-9a-f]{7} was made at/,
    );
    expect(verdicts(clone)['three-worktrees']).toBe('skip');
    expect(verdicts(clone)['cleaned-up']).toBe('skip');
    expect(check(clone, 'three-worktrees/linked-worktrees')?.message).toContain(`${RECORD_FILE} is ignored`);
  });

  it("is never read from a folder: the folder's own records decide", async () => {
    const report = await gradeSubmission(forged.repo, { git, lab });
    expect(report.warnings ?? []).toEqual([]);
    expect(report.score).toBe(100);
  });
});

it('a record names each commit it quotes and the folders beside the repository', () => {
  const record = JSON.parse(readFileSync(join(finished.repo, RECORD_FILE), 'utf8')) as RecordFile;
  expect(record.linked?.map((one) => one.branch).sort()).toEqual(['feature/remaining', 'feature/wipe']);
  expect(record.worktrees).toEqual([]);
  expect(record.siblings).toEqual([]);
  expect(record.branchReflogs?.map((log) => log.owner)).toEqual(expect.arrayContaining(['feature/wipe', 'feature/remaining', 'main']));
});
