import { git } from '../../../src/scenario/steps.js';
import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { labRoad, REPO, worktreesByScript, writeQuiz } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-master-branch',
  road: 'valid',
  summary: 'A learner whose git names the first branch master: the whole lab done on master instead of main.',
  steps: labRoad({
    setup: [git('the first branch is called master here', REPO, ['branch', '-m', 'main', 'master']), ...worktreesByScript()],
    quiz: writeQuiz('every answer as git proves it', (key) => key),
  }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
