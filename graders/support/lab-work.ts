import type { Evidence } from '../../src/evidence/types.js';
import { FEATURES, mainHasFeature, observation, type Feature } from './lab-facts.js';

/** Whether the records show a linked worktree for this feature: a record on its branch, a live or snapshot observation, or a linked HEAD reflog naming the branch. */
export function hasWorktree(evidence: Evidence, feature: Feature): boolean {
  const local = evidence.local;
  if (local === undefined) return false;
  return (
    local.worktrees.some((record) => record.branch === feature.branch) ||
    observation(evidence, feature) !== undefined ||
    local.headReflogs.some((log) => log.owner !== 'main' && log.entries.some((entry) => entry.message.includes(feature.branch)))
  );
}

/** Whether any linked worktree was ever made, as the records show: a record, an observation, or a linked worktree's HEAD reflog. */
export function worktreesEverMade(evidence: Evidence): boolean {
  const local = evidence.local;
  if (local === undefined) return false;
  return local.worktrees.length > 0 || local.linked.length > 0 || local.headReflogs.some((log) => log.owner !== 'main');
}

/** Positive evidence that there was lab work to clean up after: linked worktrees were made, or both features reached main. */
export function cleanupIsDue(evidence: Evidence): boolean {
  return worktreesEverMade(evidence) || FEATURES.every((feature) => mainHasFeature(evidence, feature));
}
