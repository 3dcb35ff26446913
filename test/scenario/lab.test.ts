import { describe, expect, it } from 'vitest';
import lab from '../../scenarios/lab.js';
import { sharedScenarioRun } from '../support/shared-scenario-run.js';

describe('the lab scenario', () => {
  it("passes every step on this machine's git (in the run's one wtlab scenarios run)", async () => {
    const result = (await sharedScenarioRun()).report.results.find((candidate) => candidate.scenario === lab.name);
    if (result === undefined) throw new Error(`wtlab scenarios did not run ${lab.name}`);
    const failed = result.steps.filter((step) => step.status === 'fail');
    expect(failed.map((step) => `${step.name}: ${step.failures.join('; ')}`)).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.steps.map((step) => step.name)).toContain('the committed quiz answers are all right');
  });
});
