import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { testGit } from '../support/git.js';
import { fingerprint } from '../support/build-repo.js';
import { sharedRepo, type SharedRepo } from '../support/shared-repos.js';
import { lab } from '../../lab/index.js';

const built: Partial<Record<'start' | 'worktrees' | 'committed' | 'conflict' | 'merged', SharedRepo>> = {};

beforeAll(async () => {
  for (const name of ['start', 'worktrees', 'committed', 'conflict', 'merged'] as const) built[name] = await sharedRepo(name);
});

async function grade(source: string): Promise<GradeReport> {
  return gradeSubmission(source, { git: await testGit(), lab });
}

function check(report: GradeReport, criterion: string, id: string) {
  return report.criteria.find((candidate) => candidate.id === criterion)?.checks.find((candidate) => candidate.id === id);
}

describe('a learner self-checking mid-lab', () => {
  it('only the start commit: stage start, next step creates both worktrees', async () => {
    const report = await grade((built.start as SharedRepo).repo);
    expect(report.stage).toBe('start');
    expect(report.nextStep).toBe(
      'Create the two worktrees: git worktree add ../tasks-app-wipe -b feature/wipe && git worktree add ../tasks-app-remaining -b feature/remaining',
    );
    expect(check(report, 'parallel-agents', 'feature-branches')?.status).toBe('fail');
  });

  it("worktrees created and the app run in each: stage worktrees, next step commits agent A's work", async () => {
    const repo = built.worktrees as SharedRepo;
    const report = await grade(repo.repo);
    expect(report.stage).toBe('worktrees');
    expect(report.nextStep).toContain('cd ../tasks-app-wipe && git commit -am "Add wipe command"');
    expect(check(report, 'three-worktrees', 'linked-worktrees')?.status).toBe('pass');
    expect(check(report, 'three-worktrees', 'app-run-in-both')?.status).toBe('pass');
    expect(check(report, 'three-worktrees', 'tasks-json-untracked')).toMatchObject({
      status: 'pass',
      evidence: expect.stringContaining('tasks-app-wipe/tasks.json: ignored'),
    });
    expect(check(report, 'cleaned-up', 'only-main-worktree')).toMatchObject({ status: 'fail', hint: expect.stringContaining('git worktree remove') });
    expect(check(report, 'merged', 'wipe-in-main')).toMatchObject({ status: 'fail', hint: 'Merge it from the main folder: git merge feature/wipe' });
  });

  it('both features committed: stage committed, next step is the first merge', async () => {
    const repo = built.committed as SharedRepo;
    const report = await grade(repo.repo);
    expect(report.stage).toBe('committed');
    expect(report.nextStep).toContain('git merge feature/wipe');
    expect(report.criteria.find((criterion) => criterion.id === 'three-worktrees')?.status).toBe('pass');
    expect(report.criteria.find((criterion) => criterion.id === 'parallel-agents')?.status).toBe('pass');
    expect(check(report, 'parallel-agents', 'committed-in-linked-worktrees')?.evidence).toContain('committed in worktrees/tasks-app-wipe/HEAD');
  });

  it('a linked worktree folder is graded as its main folder', async () => {
    const repo = built.committed as SharedRepo;
    const fromLinked = await grade(join(repo.work, 'tasks-app-remaining'));
    const fromMain = await grade(repo.repo);
    expect(fromLinked.criteria).toEqual(fromMain.criteria);
    expect(fromLinked.stage).toBe('committed');
  });

  it('merge stopped on the conflict: stage merging, the markers located, next step concludes the merge', async () => {
    const repo = built.conflict as SharedRepo;
    const report = await grade(repo.repo);
    expect(report.stage).toBe('merging');
    expect(report.nextStep).toContain('git add cli.py && git commit --no-edit');
    expect(check(report, 'merged', 'no-merge-in-progress')?.status).toBe('fail');
    const markers = check(report, 'merged', 'no-conflict-markers');
    expect(markers).toMatchObject({ status: 'fail', location: { file: 'cli.py', line: expect.any(Number) } });
    expect(markers?.message).toMatch(/^cli\.py:\d+ has a conflict marker \(in the main folder\)/);
    expect(check(report, 'merged', 'wipe-in-main')?.status).toBe('pass');
    expect(check(report, 'merged', 'remaining-in-main')?.status).toBe('fail');
  });

  it('both merged, worktrees still there: stage merged, next step removes them', async () => {
    const repo = built.merged as SharedRepo;
    const report = await grade(repo.repo);
    expect(report.stage).toBe('merged');
    expect(report.nextStep).toBe(
      `Remove the worktrees and prune. Run: git worktree remove ${repo.work}/tasks-app-remaining && git worktree remove ${repo.work}/tasks-app-wipe && git worktree prune`,
    );
    expect(report.criteria.find((criterion) => criterion.id === 'merged')?.status).toBe('pass');
    expect(report.criteria.find((criterion) => criterion.id === 'three-worktrees')?.status).toBe('pass');
  });

  it.each(['worktrees', 'committed', 'conflict'] as const)('grading the live %s folder changes no byte of it or its worktrees', async (milestone) => {
    const repo = built[milestone] as SharedRepo;
    const before = fingerprint(repo.work);
    expect(before.some((line) => line.startsWith('/tasks-app-wipe/tasks.json '))).toBe(true);
    await grade(repo.repo);
    await grade(join(repo.work, 'tasks-app-wipe'));
    expect(fingerprint(repo.work)).toEqual(before);
  });
});
