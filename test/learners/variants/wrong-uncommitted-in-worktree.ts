import { edit } from '../../../src/scenario/steps.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { cleanupByScript, labRoad, parallelWork, prune, removeWorktree, SIBLINGS } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-uncommitted-in-worktree',
  road: 'wrong',
  summary: 'A further edit left uncommitted in the wipe worktree; the cleanup script refuses, remaining is removed by hand, wipe stays with the edit.',
  steps: labRoad({
    work: [
      ...parallelWork(),
      edit('agent A keeps editing after its commit', `${SIBLINGS.wipe}/README.md`, [{ find: '\n', replace: '\nwipe: empties the list.\n' }]),
    ],
    cleanup: [cleanupByScript({ expect: { exitCode: 1, stderr: 'has uncommitted work' } }), removeWorktree(SIBLINGS.remaining), prune()],
  }),
  expect: {
    verdicts: verdicts({ 'cleaned-up': 'fail' }),
    failingChecks: ['cleaned-up/only-main-worktree', 'cleaned-up/nothing-lost'],
    stage: 'merged',
    exitCode: 1,
    clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 },
  },
});
