import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, labRoad, prune, removeWorktree, SIBLINGS, worktreeByHand } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-worktrees-by-hand',
  road: 'valid',
  summary: 'Both worktrees made with git worktree add instead of the script, and removed with git worktree remove and prune.',
  steps: labRoad({
    setup: [worktreeByHand(A), worktreeByHand(B)],
    cleanup: [removeWorktree(SIBLINGS.wipe), removeWorktree(SIBLINGS.remaining), prune()],
  }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
