import { git } from '../../../src/scenario/steps.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, agentsAtOnce, B, commitWork, labRoad, prune, REPO, removeWorktree, SIBLINGS, tryApp, worktreeByHand } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-one-worktree',
  road: 'wrong',
  summary: 'Only one linked worktree (wipe); agent B works at the same time in the main folder, switched to feature/remaining.',
  steps: labRoad({
    setup: [worktreeByHand(A), git('switch the main folder to a new feature/remaining', REPO, ['switch', '-c', B.branch])],
    work: [
      tryApp(SIBLINGS.wipe),
      agentsAtOnce({ places: { wipe: SIBLINGS.wipe, remaining: REPO } }),
      commitWork(A),
      commitWork(B, { folder: REPO }),
      git('back to main', REPO, ['switch', 'main']),
    ],
    cleanup: [removeWorktree(SIBLINGS.wipe), prune()],
  }),
  expect: {
    verdicts: verdicts({ 'three-worktrees': 'fail', 'parallel-agents': 'fail' }),
    failingChecks: ['three-worktrees/linked-worktrees', 'parallel-agents/committed-in-linked-worktrees'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 },
  },
});
