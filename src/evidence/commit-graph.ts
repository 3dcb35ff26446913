import type { CommitInfo, Evidence } from './types.js';

/** Commits by hash, built once per evidence object. */
const indexes = new WeakMap<Pick<Evidence, 'commits'>, Map<string, CommitInfo>>();

/** Looks a commit up by hash. */
export function commitByHash(evidence: Pick<Evidence, 'commits'>, hash: string | undefined): CommitInfo | undefined {
  if (hash === undefined) return undefined;
  let index = indexes.get(evidence);
  if (index === undefined) {
    index = new Map(evidence.commits.map((commit) => [commit.hash, commit]));
    indexes.set(evidence, index);
  }
  return index.get(hash);
}

/** Every commit reachable from a tip, the tip included. */
export function ancestors(evidence: Pick<Evidence, 'commits'>, tip: string | undefined): Set<string> {
  const seen = new Set<string>();
  const stack = tip === undefined ? [] : [tip];
  while (stack.length > 0) {
    const hash = stack.pop() as string;
    if (seen.has(hash)) continue;
    seen.add(hash);
    stack.push(...(commitByHash(evidence, hash)?.parents ?? []));
  }
  return seen;
}

/** Whether `maybeAncestor` is reachable from `tip` (a commit is its own ancestor). */
export function isAncestor(evidence: Evidence, maybeAncestor: string, tip: string | undefined): boolean {
  return ancestors(evidence, tip).has(maybeAncestor);
}

/**
 * The newest common ancestors' first hit: a commit reachable from both, not reachable through another such commit.
 * Linear in the history's size (one walk marks every common commit below another), so a 50,000-commit repo is fine.
 */
export function mergeBase(evidence: Evidence, a: string, b: string): string | undefined {
  const fromA = ancestors(evidence, a);
  const common = [...ancestors(evidence, b)].filter((hash) => fromA.has(hash));
  const commonSet = new Set(common);
  const shadowed = new Set<string>();
  const stack = common.flatMap((hash) => (commitByHash(evidence, hash)?.parents ?? []).filter((parent) => commonSet.has(parent)));
  while (stack.length > 0) {
    const hash = stack.pop() as string;
    if (shadowed.has(hash)) continue;
    shadowed.add(hash);
    stack.push(...(commitByHash(evidence, hash)?.parents ?? []));
  }
  const best = common.filter((hash) => !shadowed.has(hash));
  return best.sort((x, y) => (commitByHash(evidence, y)?.commitTime ?? 0) - (commitByHash(evidence, x)?.commitTime ?? 0))[0];
}

/** Commits reachable from `tip` but not from `base`, newest first as in the evidence. */
export function commitsBetween(evidence: Evidence, base: string | undefined, tip: string): CommitInfo[] {
  const exclude = ancestors(evidence, base);
  const include = ancestors(evidence, tip);
  return evidence.commits.filter((commit) => include.has(commit.hash) && !exclude.has(commit.hash));
}

/** A branch's tip by short name. */
export function branchTip(evidence: Pick<Evidence, 'branches'>, name: string | undefined): string | undefined {
  return name === undefined ? undefined : evidence.branches.find((branch) => branch.name === name)?.tip;
}

/** Short form of a hash for messages. */
export function short(hash: string | undefined): string {
  return hash === undefined ? '(none)' : hash.slice(0, 7);
}
