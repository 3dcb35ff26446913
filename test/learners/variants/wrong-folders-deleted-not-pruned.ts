import { remove } from '../../../src/scenario/steps.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { labRoad, SIBLINGS } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-folders-deleted-not-pruned',
  road: 'wrong',
  summary: 'Both worktree folders deleted with rm -rf and never pruned: their records stay in .git/worktrees.',
  steps: labRoad({ cleanup: [remove('rm -rf ../tasks-app-wipe', SIBLINGS.wipe), remove('rm -rf ../tasks-app-remaining', SIBLINGS.remaining)] }),
  expect: {
    verdicts: verdicts({ 'cleaned-up': 'fail' }),
    failingChecks: ['cleaned-up/no-stale-records'],
    stage: 'merged',
    exitCode: 1,
    clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 },
  },
});
