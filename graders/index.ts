import cleanedUp from './cleaned-up.js';
import concepts from './concepts.js';
import merged from './merged.js';
import parallelAgents from './parallel-agents.js';
import threeWorktrees from './three-worktrees.js';

/**
 * Every criterion, in report order: the only list of them. Types (`CriterionId`), the learner
 * variants' verdict vectors, the variants table and the tests all derive from it, so a new
 * criterion is one file in graders/ and one line here.
 */
export const criteria = [threeWorktrees, parallelAgents, merged, cleanedUp, concepts] as const;

/** The id of one of the lab's criteria, e.g. `merged`. */
export type CriterionId = (typeof criteria)[number]['id'];

/** Every criterion's id, in report order. */
export const criterionIds: readonly CriterionId[] = criteria.map((criterion) => criterion.id);
