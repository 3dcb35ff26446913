import { describe, expect, it } from 'vitest';
import conflictAtMerge from '../../scenarios/conflict-at-merge.js';
import deletedFolderPrune from '../../scenarios/deleted-folder-prune.js';
import mainMoved from '../../scenarios/main-moved.js';
import removeDirtyRefused from '../../scenarios/remove-dirty-refused.js';
import sameBranchRefused from '../../scenarios/same-branch-refused.js';
import { scenarios } from '../../scenarios/index.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { testGit, testLab } from '../support/git.js';

const BREAKS = [sameBranchRefused, removeDirtyRefused, deletedFolderPrune, mainMoved, conflictAtMerge];

describe('the "where it breaks" scenarios', () => {
  it('are all registered', () => {
    expect(scenarios.map((scenario) => scenario.name)).toEqual(expect.arrayContaining(BREAKS.map((scenario) => scenario.name)));
  });

  it.each(BREAKS.map((scenario) => [scenario.name, scenario] as const))('%s passes every step on this machine\'s git', async (_name, scenario) => {
    const { result } = await runScenario(scenario, { git: await testGit(), lab: testLab() });
    const failed = result.steps.filter((step) => step.status === 'fail');
    expect(failed.map((step) => `${step.name}: ${step.failures.join('; ')} ${step.run ? step.run.stdout + step.run.stderr : ''}`)).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.steps.every((step) => step.status !== 'skipped')).toBe(true);
  });
});
