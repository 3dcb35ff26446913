import { untidyCleanupLab } from '../../support/lab-variants.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';

export default defineLearnerVariant({
  name: 'wrong-untidy-cleanup',
  road: 'wrong',
  summary: 'Cleaned up by hand, badly: one worktree folder deleted (a stale record), one record deleted with its folder left (a stray folder).',
  steps: untidyCleanupLab().steps,
  recordBefore: 'delete the remaining worktree folder by hand',
  expect: {
    verdicts: verdicts({ 'cleaned-up': 'fail' }),
    failingChecks: ['cleaned-up/no-stale-records', 'cleaned-up/no-stray-siblings'],
    stage: 'merged',
    exitCode: 1,
    clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 },
  },
});
