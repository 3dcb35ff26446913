import type { Scenario } from './types.js';

/** Identity helper: gives a scenario file its type. */
export function defineScenario<const S extends Scenario>(scenario: S): S {
  return scenario;
}
