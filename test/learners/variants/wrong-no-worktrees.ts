import { mainFolderOnlyLab } from '../../support/lab-variants.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';

export default defineLearnerVariant({
  name: 'wrong-no-worktrees',
  road: 'wrong',
  summary: 'Never used worktrees: both features built by switching branches in the main folder, then merged, cleaned and quizzed.',
  steps: mainFolderOnlyLab().steps,
  expect: {
    verdicts: verdicts({ 'three-worktrees': 'fail', 'parallel-agents': 'fail' }),
    failingChecks: ['three-worktrees/linked-worktrees', 'parallel-agents/committed-in-linked-worktrees'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 },
  },
});
