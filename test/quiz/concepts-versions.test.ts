import { describe, expect, it } from 'vitest';
import { buildConceptsScenario } from '../../scenarios/concepts.js';
import { resolveGitBinary } from '../../src/git/git-binary.js';
import { listInstalled } from '../../src/git-versions/list-installed.js';
import type { ProofOutcome } from '../../src/quiz/types.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { testLab } from '../support/git.js';
import { TEXTBOOK } from './textbook.js';

// Git versions `wtlab git install` left in the cache; none cached means nothing to run here.
const gits = await listInstalled();

describe.skipIf(gits.length === 0)('the concepts scenario on every cached git version', () => {
  it.each(gits)('git $version: every proof decides and agrees with the documentation', async ({ version, bin }) => {
    const git = await resolveGitBinary(bin);
    expect(git.version).toBe(version);
    const outcomes: ProofOutcome[] = [];
    const { result } = await runScenario(buildConceptsScenario({ onProof: (outcome) => outcomes.push(outcome) }), { git, lab: testLab() });
    expect(result.steps.filter((step) => step.status === 'fail').map((step) => `${step.name}: ${step.failures.join('; ')}`)).toEqual([]);
    expect(Object.fromEntries(outcomes.map((outcome) => [outcome.id, outcome.answer]))).toEqual(TEXTBOOK);
  });
});
