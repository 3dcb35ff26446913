import { beforeAll, describe, expect, it } from 'vitest';
import { labUntil } from '../support/lab-variants.js';
import { git } from '../../src/scenario/steps.js';
import { buildRoad, grade, removeRoadsAfterAll } from '../support/grade-road.js';
import { REPO } from '../../scenarios/support/names.js';

removeRoadsAfterAll();

let demoDone: string;
let demoKept: string;
let oneWorktree: string;

beforeAll(async () => {
  demoDone = (await buildRoad('bottleneck-demo-done', labUntil('bottleneck-drop-branches'))).repo;
  demoKept = (await buildRoad('bottleneck-demo-branches-kept', labUntil('bottleneck-return'))).repo;
  oneWorktree = (
    await buildRoad('one-worktree-so-far', [
      ...labUntil('bottleneck-drop-branches'),
      git('only worktree A', REPO, ['worktree', 'add', '../tasks-app-wipe', '-b', 'feature/wipe']),
    ])
  ).repo;
});

describe('the stage follows the evidence, never ahead of it', () => {
  it('the bottleneck demo done and its branches thrown away: stage start, create the worktrees', async () => {
    const report = await grade(demoDone);
    expect(report.stage).toBe('start');
    expect(report.nextStep).toBe(
      'Create the two worktrees: git worktree add ../tasks-app-wipe -b feature/wipe && git worktree add ../tasks-app-remaining -b feature/remaining',
    );
  });

  it('the demo branches still there and no worktree: stage start, drop them first (not "let agent B work in its worktree")', async () => {
    const report = await grade(demoKept);
    expect(report.stage).toBe('start');
    expect(report.nextStep).toContain('git branch -D feature/wipe feature/remaining');
    expect(report.nextStep).toContain('git worktree add ../tasks-app-wipe -b feature/wipe');
    expect(report.nextStep).not.toMatch(/agent/i);
  });

  it('one worktree made: stage worktrees, the next step makes the other one', async () => {
    const report = await grade(oneWorktree);
    expect(report.stage).toBe('worktrees');
    expect(report.nextStep).toBe("Create feature/remaining's own worktree: git worktree add ../tasks-app-remaining -b feature/remaining");
  });
});
