import { describe, expect, it } from 'vitest';
import conflictAtMerge from '../../scenarios/conflict-at-merge.js';
import deletedFolderPrune from '../../scenarios/deleted-folder-prune.js';
import mainMoved from '../../scenarios/main-moved.js';
import removeDirtyRefused from '../../scenarios/remove-dirty-refused.js';
import sameBranchRefused from '../../scenarios/same-branch-refused.js';
import { scenarios } from '../../scenarios/index.js';
import { sharedScenarioRun } from '../support/shared-scenario-run.js';

const BREAKS = [sameBranchRefused, removeDirtyRefused, deletedFolderPrune, mainMoved, conflictAtMerge];

describe('the "where it breaks" scenarios', () => {
  it('are all registered', () => {
    expect(scenarios.map((scenario) => scenario.name)).toEqual(expect.arrayContaining(BREAKS.map((scenario) => scenario.name)));
  });

  it.each(BREAKS.map((scenario) => [scenario.name, scenario] as const))(
    "%s passes every step on this machine's git (in the run's one wtlab scenarios run)",
    async (_name, scenario) => {
      const result = (await sharedScenarioRun()).report.results.find((candidate) => candidate.scenario === scenario.name);
      if (result === undefined) throw new Error(`wtlab scenarios did not run ${scenario.name}`);
      const failed = result.steps.filter((step) => step.status === 'fail');
      expect(failed.map((step) => `${step.name}: ${step.failures.join('; ')} ${step.run ? step.run.stdout + step.run.stderr : ''}`)).toEqual([]);
      expect(result.status).toBe('pass');
      expect(result.steps.every((step) => step.status !== 'skipped')).toBe(true);
    },
  );
});
