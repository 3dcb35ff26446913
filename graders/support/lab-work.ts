import type { Evidence } from '../../src/evidence/types.js';
import { branchReflog, mainHasFeature, mainHeadReflog, observation } from './lab-facts.js';
import { FEATURES, type Feature } from '../lab.js';

/** Whether the records show a linked worktree for this feature: a record on its branch, a live or snapshot observation, a linked HEAD reflog naming the branch, or its commits made outside the main folder. */
export function hasWorktree(evidence: Evidence, feature: Feature): boolean {
  const local = evidence.local;
  if (local === undefined) return false;
  return (
    local.worktrees.some((record) => record.branch === feature.branch) ||
    observation(evidence, feature) !== undefined ||
    local.headReflogs.some((log) => log.owner !== 'main' && log.entries.some((entry) => entry.message.includes(feature.branch))) ||
    committedOutsideMainFolder(evidence, feature)
  );
}

/** Whether any linked worktree was ever made, as the records show: a record, an observation, or a linked worktree's HEAD reflog. */
export function worktreesEverMade(evidence: Evidence): boolean {
  const local = evidence.local;
  if (local === undefined) return false;
  return local.worktrees.length > 0 || local.linked.length > 0 || local.headReflogs.some((log) => log.owner !== 'main');
}

/** Whether a feature branch got commits and its reflog shows none of them made in the main folder: they were made in a linked worktree, since removed. */
export function committedOutsideMainFolder(evidence: Evidence, feature: Feature): boolean {
  const made = (branchReflog(evidence, feature.branch)?.entries ?? []).filter((entry) => entry.action.startsWith('commit')).map((entry) => entry.new);
  if (made.length === 0) return false;
  const inMain = new Set((mainHeadReflog(evidence)?.entries ?? []).filter((entry) => entry.action.startsWith('commit')).map((entry) => entry.new));
  return made.every((commit) => !inMain.has(commit));
}

/**
 * Positive evidence that there was lab work to clean up after: linked worktrees were made (seen now, or a
 * feature committed outside the main folder), or both features reached main. Branches alone (the
 * bottleneck demo) are not.
 */
export function cleanupIsDue(evidence: Evidence): boolean {
  return (
    worktreesEverMade(evidence) ||
    FEATURES.some((feature) => committedOutsideMainFolder(evidence, feature)) ||
    FEATURES.every((feature) => mainHasFeature(evidence, feature))
  );
}
