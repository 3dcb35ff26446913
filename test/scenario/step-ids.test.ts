import { describe, expect, it } from 'vitest';
import { scenarios } from '../../scenarios/index.js';
import { MILESTONES, labUntil } from '../support/lab-variants.js';
import type { Step } from '../../src/scenario/types.js';

function ids(steps: readonly Step[]): (string | undefined)[] {
  return steps.map((step) => step.id);
}

describe('step ids', () => {
  it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))(
    'every step of %s has a kebab-case id, unique in its scenario',
    (_name, scenario) => {
      const all = ids(scenario.steps);
      expect(all.filter((id) => id === undefined || !/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id))).toEqual([]);
      expect(new Set(all).size).toBe(all.length);
    },
  );

  it('milestones name lab steps by id, so rewording a title moves nothing', () => {
    for (const id of Object.values(MILESTONES)) expect(labUntil(id).at(-1)?.id).toBe(id);
  });
});
