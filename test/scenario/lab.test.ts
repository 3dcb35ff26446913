import { describe, expect, it } from 'vitest';
import lab from '../../scenarios/lab.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { testGit, testLab } from '../support/git.js';

describe('the lab scenario', () => {
  it('passes every step on this machine\'s git', async () => {
    const { result } = await runScenario(lab, { git: await testGit(), lab: testLab() });
    const failed = result.steps.filter((step) => step.status === 'fail');
    expect(failed.map((step) => `${step.name}: ${step.failures.join('; ')}`)).toEqual([]);
    expect(result.status).toBe('pass');
    expect(result.steps.map((step) => step.name)).toContain('the committed quiz answers are all right');
  });
});
