import { describe, expect, it } from 'vitest';
import threeWorktrees from '../../graders/three-worktrees.js';
import type { Evidence, LinkedWorktreeObservation } from '../../src/evidence/types.js';
import { runCriterion } from '../../src/grade/run-criterion.js';
import { featureReflogs, finishedLab } from '../support/lab-evidence.js';

function seen(branch: string, folder: string, seenAt: number): LinkedWorktreeObservation {
  return { source: 'snapshot', path: `/home/learner/${folder}`, branch, hasTasksJson: true, tasksJson: 'ignored', uncommitted: [], seenAt };
}

function sameTime(evidence: Evidence) {
  return runCriterion(threeWorktrees, evidence).checks.find((check) => check.id === 'same-time');
}

/** The finished lab with the feature branches (and so their reflogs) deleted, plus what a snapshot saw. */
function withoutBranchReflogs(linked: readonly LinkedWorktreeObservation[]): Evidence {
  const base = finishedLab();
  return {
    ...base,
    local: { ...base.local!, branchReflogs: [], linked, snapshot: { state: 'used', takenAt: 500, adds: linked.map((observed) => observed.path) } },
  };
}

describe('same-time from a snapshot', () => {
  it('passes when the branch reflogs are gone and one snapshot saw both linked worktrees', () => {
    const check = sameTime(withoutBranchReflogs([seen('feature/wipe', 'tasks-app-wipe', 500), seen('feature/remaining', 'tasks-app-remaining', 500)]));
    expect(check).toMatchObject({ status: 'pass', message: 'Both linked worktrees existed at the same time: one wtlab snapshot saw them both.' });
    expect(check?.evidence).toContain('/home/learner/tasks-app-wipe on feature/wipe');
  });

  it('skips when the two were seen by different snapshots (one kept from an earlier run)', () => {
    expect(sameTime(withoutBranchReflogs([seen('feature/wipe', 'tasks-app-wipe', 400), seen('feature/remaining', 'tasks-app-remaining', 500)]))?.status).toBe(
      'skip',
    );
  });

  it('cannot overrule branch reflogs that show one worktree finished before the other began', () => {
    const base = finishedLab();
    const sequential: Evidence = {
      ...base,
      local: {
        ...base.local!,
        linked: [seen('feature/wipe', 'tasks-app-wipe', 500), seen('feature/remaining', 'tasks-app-remaining', 500)],
        branchReflogs: featureReflogs({ wipe: { created: 200, committed: 300 }, remaining: { created: 350, committed: 360, from: 'main' } }),
      },
    };
    expect(sameTime(sequential)?.status).toBe('fail');
  });
});
