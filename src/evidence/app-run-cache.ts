import { LRUCache } from 'lru-cache';
import type { AppBehaviour } from './types.js';

/**
 * What decides one run of the app: the tree it runs in (a git tree id: same id, same files, modes included) and how
 * it is run. Each run has a fresh HOME and TMPDIR, so nothing else carries over from one run to the next.
 */
export interface AppRunKey {
  /** The tree id (`%T`) of the commit whose export the app runs in. */
  readonly tree: string;
  /** The commands, in order, as `[name, args]` pairs or any JSON value naming them exactly. */
  readonly plan: unknown;
  /** Seconds allowed per command. */
  readonly secondsPerCommand: number;
  /** The PATH the app sees, which also picks the sandbox's tool. */
  readonly path: string;
  /** The sandbox mode (`WTLAB_SANDBOX`) the run was made under. */
  readonly sandboxMode: string;
}

/**
 * Finished runs of the app, looked up by what decides them, so a tree run once is not run again in the same process:
 * a learner's start shared by every submission of a batch, or one repo graded as a folder and then as a clone.
 */
export interface AppRunCache {
  get(key: AppRunKey): AppBehaviour | undefined;
  /** Keeps a run only when it is worth keeping (see `isKeepable`); a run that was not finished is made again next time. */
  set(key: AppRunKey, behaviour: AppBehaviour): void;
}

export interface AppRunCacheOptions {
  /** Characters of output (stdout and stderr of every command) kept in all, the least recently used runs going first. @default 64 MiB */
  readonly maxChars?: number;
}

/**
 * Whether a run says something about the tree alone: it ran, and no command timed out. A timeout may come from a
 * busy machine and an environment problem from the grading machine, so neither is kept.
 */
export function isKeepable(behaviour: AppBehaviour): boolean {
  return behaviour.ran && behaviour.environmentProblem === undefined && behaviour.runs.every((run) => !run.timedOut);
}

function sizeOf(behaviour: AppBehaviour): number {
  return behaviour.runs.reduce((sum, run) => sum + run.stdout.length + run.stderr.length + 64, 64);
}

/** A cache of app runs bounded by the output it keeps (lru-cache). */
export function createAppRunCache(options: AppRunCacheOptions = {}): AppRunCache {
  const runs = new LRUCache<string, AppBehaviour>({ maxSize: options.maxChars ?? 64 * 1024 * 1024, sizeCalculation: sizeOf });
  const id = (key: AppRunKey) => JSON.stringify([key.tree, key.plan, key.secondsPerCommand, key.path, key.sandboxMode]);
  return {
    get: (key) => runs.get(id(key)),
    set: (key, behaviour) => {
      if (isKeepable(behaviour) && sizeOf(behaviour) <= runs.maxSize) runs.set(id(key), behaviour);
    },
  };
}

/** The cache every grade in this process shares unless it is given its own (GatherOptions.appRuns). */
export const processAppRuns: AppRunCache = createAppRunCache();
