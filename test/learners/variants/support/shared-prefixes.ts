import type { ResumeFrom } from '../../../../src/scenario/run-scenario.js';
import type { Step, StepResult } from '../../../../src/scenario/types.js';
import { buildRepo } from '../../../support/build-repo.js';
import { madeOnce } from '../../../support/shared-repos.js';

/** A learner's road as far as sharing goes: its name and its steps in order. */
export interface Road {
  readonly name: string;
  readonly steps: readonly Step[];
}

/**
 * A prefix several roads share step for step (the same Step objects, so the same commands, files and dates): built
 * once per test run, and the roads go on from a copy of it.
 */
export interface SharedPrefix {
  /** Unique per test run: the first road that has it (in the order given) and its length. */
  readonly key: string;
  readonly steps: readonly Step[];
  /** The longest shorter shared prefix of the same roads: this one is built by going on from it. */
  readonly parent: SharedPrefix | undefined;
}

/** A built shared prefix: its sandbox (removed when the run ends), work folder and the results of all its steps. */
interface MadePrefix {
  readonly base: string;
  readonly work: string;
  readonly results: readonly StepResult[];
}

/** How many first steps two roads share: the same Step object at each place (a rebuilt but equal step does not count). */
function sharedLength(one: readonly Step[], other: readonly Step[]): number {
  let length = 0;
  while (length < one.length && length < other.length && one[length] === other[length]) length += 1;
  return length;
}

/**
 * For each road, the deepest prefix it shares with another road, or undefined when it shares none. The shared
 * prefixes are the branch points of the roads' tree: a road's are the lengths it shares with each other road, and
 * each one's parent is the next shorter of them, so every shared step is built once.
 */
export function planSharedPrefixes(roads: readonly Road[]): ReadonlyMap<string, SharedPrefix | undefined> {
  const byKey = new Map<string, SharedPrefix>();
  const prefixOf = (road: Road, lengths: readonly number[], at: number): SharedPrefix | undefined => {
    const length = lengths[at];
    if (length === undefined) return undefined;
    const owner = roads.find((other) => sharedLength(other.steps, road.steps) >= length) ?? road;
    const key = `learner-prefix-${owner.name}-${length}`;
    const known = byKey.get(key);
    if (known !== undefined) return known;
    const made: SharedPrefix = { key, steps: road.steps.slice(0, length), parent: prefixOf(road, lengths, at + 1) };
    byKey.set(key, made);
    return made;
  };
  return new Map(
    roads.map((road) => {
      const shared = roads.filter((other) => other !== road).map((other) => sharedLength(road.steps, other.steps));
      const lengths = [...new Set(shared.filter((length) => length > 0))].sort((a, b) => b - a);
      return [road.name, prefixOf(road, lengths, 0)] as const;
    }),
  );
}

const building = new Map<string, Promise<MadePrefix>>();

/** Builds a shared prefix once per test run (going on from its parent's copy), and keeps it until the run ends. */
function madePrefix(prefix: SharedPrefix): Promise<MadePrefix> {
  const known = building.get(prefix.key);
  if (known !== undefined) return known;
  const made = madeOnce(prefix.key, async (): Promise<MadePrefix> => {
    const parent = prefix.parent === undefined ? undefined : await madePrefix(prefix.parent);
    const resume = parent === undefined ? {} : { resume: resumeFrom(parent) };
    const built = await buildRepo({ name: prefix.key, summary: 'Steps several learner variants share.', steps: prefix.steps }, resume);
    built.sandbox.release();
    return { base: built.sandbox.base, work: built.work, results: [...(parent?.results ?? []), ...built.steps] };
  });
  building.set(prefix.key, made);
  return made;
}

function resumeFrom(made: MadePrefix): ResumeFrom {
  return { from: made.work, stepsDone: made.results.length, results: made.results };
}

/** Where a road goes on: a copy of its deepest shared prefix, built first if need be; undefined to play it whole. */
export async function resumeAt(prefix: SharedPrefix | undefined): Promise<ResumeFrom | undefined> {
  return prefix === undefined ? undefined : resumeFrom(await madePrefix(prefix));
}
