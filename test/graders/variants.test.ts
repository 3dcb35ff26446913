import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { brokenQuizLab, committedStateLab, mainFolderOnlyLab, oneSideLab, rebasedLab, sequentialLab, untidyCleanupLab } from '../../scenarios/support/lab-variants.js';
import { collectEvidence, gradeEvidence } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import type { Scenario } from '../../src/scenario/types.js';
import { testGit } from '../helpers/git.js';
import { buildRepo } from '../support/build-repo.js';

const reports = new Map<string, GradeReport>();
const variants: readonly Scenario[] = [sequentialLab(), mainFolderOnlyLab(), committedStateLab(), oneSideLab(), untidyCleanupLab(), brokenQuizLab(), rebasedLab()];

beforeAll(async () => {
  const git = await testGit();
  for (const scenario of variants) {
    const built = await buildRepo(scenario);
    try {
      reports.set(scenario.name, gradeEvidence(await collectEvidence(built.repo, { git })));
      if (scenario.name === 'lab-rebased') {
        const bundle = join(built.sandbox.base, 'rebased.bundle');
        await runGit(git, ['bundle', 'create', bundle, '--all'], { cwd: built.repo, env: sealedEnv({ git, home: built.sandbox.home }) });
        reports.set('lab-rebased-bundle', gradeEvidence(await collectEvidence(bundle, { git })));
      }
    } finally {
      await built.sandbox.remove();
    }
  }
});
afterAll(() => reports.clear());

function outcome(name: string): { criteria: Record<string, string>; checks: Record<string, string> } {
  const report = reports.get(name);
  if (report === undefined) throw new Error(`no report for ${name}`);
  return {
    criteria: Object.fromEntries(report.criteria.map((criterion) => [criterion.id, criterion.status])),
    checks: Object.fromEntries(report.criteria.flatMap((criterion) => criterion.checks.map((check) => [`${criterion.id}/${check.id}`, check.status]))),
  };
}

function check(name: string, id: string) {
  const [criterion, checkId] = id.split('/');
  return reports.get(name)?.criteria.find((candidate) => candidate.id === criterion)?.checks.find((candidate) => candidate.id === checkId);
}

describe('learner variants built by scenario steps', () => {
  it('one worktree at a time: merged, cleaned and quizzed, but not parallel', () => {
    const { criteria, checks } = outcome('lab-sequential');
    expect(criteria).toEqual({ 'three-worktrees': 'fail', 'parallel-agents': 'fail', merged: 'pass', 'cleaned-up': 'pass', concepts: 'pass' });
    expect(checks['three-worktrees/same-time']).toBe('fail');
    expect(checks['parallel-agents/not-sequential']).toBe('fail');
    expect(check('lab-sequential', 'parallel-agents/not-sequential')?.message).toContain('feature/remaining starts from work that already has wipe');
    expect(checks['parallel-agents/no-cross-feature']).toBe('pass');
    expect(reports.get('lab-sequential')?.score).toBe(60);
  });

  it('branches switched in the main folder: no linked worktree, commits made in the main folder', () => {
    const { criteria, checks } = outcome('lab-main-folder-only');
    expect(criteria['three-worktrees']).toBe('fail');
    expect(checks['three-worktrees/linked-worktrees']).toBe('fail');
    expect(criteria['parallel-agents']).toBe('fail');
    expect(check('lab-main-folder-only', 'parallel-agents/committed-in-linked-worktrees')).toMatchObject({ status: 'fail', evidence: 'logs/HEAD: commit: Add wipe command' });
    expect(checks['parallel-agents/not-sequential']).toBe('pass');
    expect(criteria.merged).toBe('pass');
  });

  it('tasks.json committed from worktree A: runtime state in history and tracked in the worktree', () => {
    const { checks } = outcome('lab-commits-tasks-json');
    expect(check('lab-commits-tasks-json', 'parallel-agents/no-runtime-state')).toMatchObject({ status: 'fail', location: { file: 'tasks.json' } });
    expect(checks['three-worktrees/tasks-json-untracked']).toBe('fail');
    expect(checks['three-worktrees/app-run-in-both']).toBe('pass');
    expect(checks['parallel-agents/committed-in-linked-worktrees']).toBe('pass');
  });

  it('conflict concluded with one side only: remaining is in history but not in main\'s code', () => {
    const { criteria, checks } = outcome('lab-keeps-one-side');
    expect(criteria.merged).toBe('fail');
    expect(checks['merged/wipe-in-main']).toBe('pass');
    expect(check('lab-keeps-one-side', 'merged/remaining-in-main')).toMatchObject({ status: 'fail', hint: 'Merge it from the main folder: git merge feature/remaining' });
    expect(checks['merged/remaining-works']).toBe('skip');
    expect(checks['merged/usage-names-both']).toBe('fail');
    expect(checks['merged/no-conflict-markers']).toBe('pass');
    expect(criteria['parallel-agents']).toBe('pass');
  });

  it('cleanup by hand: a stale record and a stray folder', () => {
    const { criteria, checks } = outcome('lab-untidy-cleanup');
    expect(criteria['cleaned-up']).toBe('fail');
    expect(check('lab-untidy-cleanup', 'cleaned-up/no-stale-records')).toMatchObject({ status: 'fail', hint: 'Drop them: git worktree prune' });
    expect(check('lab-untidy-cleanup', 'cleaned-up/no-stray-siblings')).toMatchObject({ status: 'fail', hint: 'Check it holds nothing you need, then delete it: rm -rf ../tasks-app-wipe' });
    expect(checks['cleaned-up/only-main-worktree']).toBe('pass');
    expect(reports.get('lab-untidy-cleanup')?.stage).toBe('merged');
  });

  it('a quiz file that is not JSON fails concepts, and only concepts', () => {
    const { criteria, checks } = outcome('lab-broken-quiz');
    expect(criteria).toEqual({ 'three-worktrees': 'pass', 'parallel-agents': 'pass', merged: 'pass', 'cleaned-up': 'pass', concepts: 'fail' });
    expect(checks['concepts/quiz-file']).toBe('fail');
    expect(checks['concepts/quiz-correct']).toBe('skip');
  });

  it('remaining rebased onto main after wipe was merged: still parallel (the reflog keeps its first fork), merged by content', () => {
    const { criteria } = outcome('lab-rebased');
    expect(criteria).toEqual({ 'three-worktrees': 'pass', 'parallel-agents': 'pass', merged: 'pass', 'cleaned-up': 'pass', concepts: 'pass' });
    expect(check('lab-rebased', 'parallel-agents/not-sequential')?.evidence).toContain('feature/remaining was rebased later');
  });

  it('the same rebased lab as a bundle: where remaining first forked cannot be seen, so that check skips, not fails', () => {
    const { criteria, checks } = outcome('lab-rebased-bundle');
    expect(checks['parallel-agents/not-sequential']).toBe('skip');
    expect(check('lab-rebased-bundle', 'parallel-agents/not-sequential')?.hint).toContain('npx wtlab grade');
    expect(Object.values(criteria)).not.toContain('fail');
  });
});
