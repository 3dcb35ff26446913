import type { ResumeFrom } from '../../src/scenario/run-scenario.js';
import type { Scenario, Step } from '../../src/scenario/types.js';
import type { BuildRepoOptions } from './build-repo.js';
import { buildShared, resumeFrom, type SharedRecord } from './shared-repos.js';

/** A road as far as sharing goes (a learner variant, a road on a start snapshot): its name and its steps in order. */
export type Road = Pick<Scenario, 'name' | 'steps'>;

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
    const key = `prefix-${owner.name}-${length}`;
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

const building = new Map<string, Promise<SharedRecord>>();

/** Builds a shared prefix once per test run (buildShared, going on from its parent's copy), and keeps it until the run ends. */
function madePrefix(prefix: SharedPrefix, options: PrefixOptions): Promise<SharedRecord> {
  const known = building.get(prefix.key);
  if (known !== undefined) return known;
  const made = (async () => {
    const parent = prefix.parent === undefined ? undefined : await madePrefix(prefix.parent, options);
    const scenario = { name: prefix.key, summary: 'Steps several roads share.', steps: prefix.steps };
    return buildShared(prefix.key, scenario, { ...options, ...(parent === undefined ? {} : { resume: resumeFrom(parent) }) });
  })();
  building.set(prefix.key, made);
  return made;
}

/**
 * How a prefix is built: the lab folder its roads read and the git that plays them (the same for every road that
 * shares it). A prefix is made once per run under its key, made of a road's name: roads played with another git or
 * lab than the suite's default need names of their own.
 */
export type PrefixOptions = Pick<BuildRepoOptions, 'lab' | 'git'>;

/** Where a road goes on: a copy of its deepest shared prefix, built first if need be; undefined to play it whole. */
export async function resumeAt(prefix: SharedPrefix | undefined, options: PrefixOptions = {}): Promise<ResumeFrom | undefined> {
  return prefix === undefined ? undefined : resumeFrom(await madePrefix(prefix, options));
}
