import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, labRoad, parallelWork, prune, removeWorktree, worktreeByHand, type Places } from './support/segments.js';

const ELSEWHERE: Places = { wipe: 'wt/wipe', remaining: 'wt/remaining' };

export default defineLearnerVariant({
  name: 'valid-worktrees-elsewhere',
  road: 'valid',
  summary: "The worktrees placed in ../wt/wipe and ../wt/remaining instead of the lab's sibling folders, removed by hand.",
  steps: labRoad({
    setup: [worktreeByHand(A, { folder: ELSEWHERE.wipe }), worktreeByHand(B, { folder: ELSEWHERE.remaining })],
    work: parallelWork({ places: ELSEWHERE }),
    cleanup: [removeWorktree(ELSEWHERE.wipe), removeWorktree(ELSEWHERE.remaining), prune()],
  }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
