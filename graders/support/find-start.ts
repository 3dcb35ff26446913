import { branchTip, commitByHash } from '../../src/evidence/commit-graph.js';
import type { CommitGraph } from '../../src/evidence/gather-evidence.js';
import { FEATURES } from '../lab.js';
import { addsFeature } from './lab-facts.js';

/**
 * The learner's start: the newest commit on main's first-parent line whose history brings in
 * neither feature (the commit the features grew from, and what main is compared with). It holds
 * for merges, fast-forwards, squash and rebase roads and deleted branches, and is main's tip while
 * nothing is merged yet; undefined without a main branch, or when main's first commit already has
 * a feature (then there is no start to compare with).
 */
export function findStart(evidence: CommitGraph): string | undefined {
  const tip = branchTip(evidence, evidence.mainBranch);
  if (tip === undefined) return undefined;
  const grown = new Map<string, boolean>();
  // Iterative, so a long history does not overflow the stack: a commit has grown when it or an ancestor adds a feature.
  const hasGrown = (hash: string): boolean => {
    const stack = [hash];
    while (stack.length > 0) {
      const current = stack[stack.length - 1] as string;
      if (grown.has(current)) {
        stack.pop();
        continue;
      }
      const commit = commitByHash(evidence, current);
      if (commit === undefined) {
        grown.set(current, false);
        stack.pop();
        continue;
      }
      const pending = commit.parents.filter((parent) => !grown.has(parent));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      const own = commit.parents.length <= 1 && FEATURES.some((feature) => addsFeature(commit, feature));
      grown.set(current, own || commit.parents.some((parent) => grown.get(parent) === true));
      stack.pop();
    }
    return grown.get(hash) === true;
  };
  let current: string | undefined = tip;
  while (current !== undefined) {
    if (!hasGrown(current)) return current;
    current = commitByHash(evidence, current)?.parents[0];
  }
  return undefined;
}
