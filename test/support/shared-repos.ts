import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import labScenario from '../../scenarios/lab.js';
import { defineScenario } from '../../src/scenario/define-scenario.js';
import { buildRepo, type BuildRepoOptions, type BuiltRepo } from './build-repo.js';
import type { ResumeFrom } from '../../src/scenario/run-scenario.js';
import type { Scenario, StepResult } from '../../src/scenario/types.js';
import { startRepo } from '../../scenarios/support/start-repo.js';
import { labTo, labUntil } from './lab-variants.js';

/** The repos a test run builds at most once: the finished lab, its start and the lab stopped at each milestone. */
const SHARED = {
  golden: () => labScenario,
  start: () => defineScenario({ name: 'lab-start', summary: 'The snapshot committed on main.', steps: startRepo() }),
  /** The bottleneck demo done and its branches thrown away, no worktree yet. */
  demoDone: () =>
    defineScenario({ name: 'lab-demo-done', summary: 'The lab up to the bottleneck demo, its branches dropped.', steps: labUntil('bottleneck-drop-branches') }),
  worktrees: () => labTo('worktrees'),
  committed: () => labTo('committed'),
  conflict: () => labTo('conflict'),
  merged: () => labTo('merged'),
  /** Both commands tried on main, the worktrees still there: the last step before `wtlab snapshot` and the cleanup. */
  checked: () => labTo('checked'),
} as const satisfies Readonly<Record<string, () => Scenario>>;

export type SharedRepoName = keyof typeof SHARED;

/** A shared repo: its work area and the main worktree (`tasks-app`). Read it only (grading never writes); copy it to change it. */
export interface SharedRepo {
  readonly work: string;
  readonly repo: string;
}

/** A repo built once per test run: its sandbox's base (removed when the run ends), work area, main worktree and step results. */
export interface SharedRecord {
  readonly base: string;
  readonly work: string;
  readonly repo: string;
  /** What each of the scenario's steps reported, in order, those it went on from included (handed to a run that goes on from a copy). */
  readonly results: readonly StepResult[];
}

/**
 * Builds a scenario's repo once per test run under `key` (buildRepo, going on from a copy with `resume`; madeOnce) and
 * hands its sandbox to the run: the repo outlives the test file that built it, and the run's global teardown removes it.
 */
export function buildShared(key: string, scenario: Scenario, options: BuildRepoOptions = {}): Promise<SharedRecord> {
  return madeOnce(key, async () => {
    const built = await buildRepo(scenario, options);
    built.sandbox.release();
    return { base: built.sandbox.base, work: built.work, repo: built.repo, results: [...(options.resume?.results ?? []), ...built.steps] };
  });
}

/** Where a run goes on from a shared repo: a copy of its work area, after all its steps, their results handed over. */
export function resumeFrom(shared: SharedRecord): ResumeFrom {
  return { from: shared.work, stepsDone: shared.results.length, results: shared.results };
}

/**
 * What `make` returns, made once per test run under `key` by whichever test file asks first (a
 * lock folder in the run's shared folder from test/setup/shared-repos-root.ts; the others wait for
 * its JSON). A value with a `base` folder has it removed when the run ends.
 */
export async function madeOnce<T extends object>(key: string, make: () => Promise<T>): Promise<T> {
  const root = inject('sharedReposRoot');
  const done = join(root, `${key}.json`);
  const failed = join(root, `${key}.error`);
  try {
    mkdirSync(join(root, `${key}.lock`));
  } catch {
    // Another test file makes it: wait (a lab replay takes seconds to a minute on a busy machine).
    for (let waited = 0; !existsSync(done); waited += 200) {
      if (existsSync(failed)) throw new Error(readFileSync(failed, 'utf8'));
      if (waited > 600_000) throw new Error(`shared ${key}: not made after 10 minutes (lock ${join(root, `${key}.lock`)})`);
      await sleep(200);
    }
    return JSON.parse(readFileSync(done, 'utf8')) as T;
  }
  try {
    const made = await make();
    writeFileSync(done, JSON.stringify(made));
    return made;
  } catch (error) {
    writeFileSync(failed, error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/** The named repo, built once per test run and removed when it ends. Grading only reads, so tests grade it in place. */
export async function sharedRepo(name: SharedRepoName): Promise<SharedRepo> {
  const { work, repo } = await sharedRecord(name);
  return { work, repo };
}

function sharedRecord(name: SharedRepoName): Promise<SharedRecord> {
  return buildShared(`repo-${name}`, SHARED[name]());
}

/**
 * The repo of a road that starts with the named shared repo's steps: the road goes on from a copy of the shared repo
 * (runScenario's `resume`, handed the shared steps' results), so only its further steps run, on the same step dates
 * as one run of the whole road (so the same commit hashes). Throws when the road does not start with the shared
 * repo's own steps (the same Step objects). The caller removes its sandbox.
 */
export async function buildOnShared(name: SharedRepoName, road: Scenario): Promise<BuiltRepo> {
  const prefix = SHARED[name]().steps;
  // The same Step objects (a check's function included), as shared-prefixes.ts compares roads: an equal-looking step made anew does not count.
  const differs = prefix.findIndex((step, index) => road.steps[index] !== step);
  if (differs !== -1) {
    throw new Error(
      `road ${road.name} does not start with shared repo ${name}'s steps: step ${differs + 1} is ${JSON.stringify(road.steps[differs]?.name)}, not ${JSON.stringify(prefix[differs]?.name)}`,
    );
  }
  return buildRepo(road, { resume: resumeFrom(await sharedRecord(name)) });
}
