import type { Step } from '../../src/scenario/types.js';

const made = new Map<string, Step | readonly Step[]>();

/**
 * The step (or steps) made for `key`, made once per process and handed out again to every road that asks: roads that
 * share their first steps then share them by identity, which is how shared-prefixes.ts finds what to build once.
 * Steps are data and never changed, so sharing them is safe. `key` (compared as JSON) must start with a name of the
 * maker and hold every argument the steps depend on.
 */
export function sameSteps<S extends Step | readonly Step[]>(key: readonly unknown[], make: () => S): S {
  const id = JSON.stringify(key);
  const known = made.get(id);
  if (known !== undefined) return known as S;
  const steps = make();
  made.set(id, steps);
  return steps;
}
