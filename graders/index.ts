import type { CriterionDefinition } from '../src/grade/define-criterion.js';
import cleanedUp from './cleaned-up.js';
import concepts from './concepts.js';
import merged from './merged.js';
import parallelAgents from './parallel-agents.js';
import threeWorktrees from './three-worktrees.js';

export { HISTORY_BRANCHES as historyBranches } from './lab.js';
export { labEvidence } from './lab-evidence.js';

/** Every criterion, in report order. A new criterion is one file in graders/ and one line here. */
export const criteria: readonly CriterionDefinition[] = [threeWorktrees, parallelAgents, merged, cleanedUp, concepts];
