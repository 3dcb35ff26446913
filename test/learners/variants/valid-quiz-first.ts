import { git } from '../../../src/scenario/steps.js';
import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, answerQuiz, B, cleanupByScript, labRoad, mergeConflicting, parallelWork, REPO, resolveKeepingBoth } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-quiz-first',
  road: 'valid',
  summary: 'The quiz answered and committed on main while the agents worked, so main moved on and neither merge is a fast-forward.',
  steps: labRoad({
    work: [...parallelWork(), ...answerQuiz()],
    merge: [
      git('merge feature/wipe: a merge commit, main has moved on', REPO, ['merge', '--no-edit', A.branch], { expect: { stdout: 'Merge made' } }),
      mergeConflicting(B),
      ...resolveKeepingBoth(B),
    ],
    cleanup: [cleanupByScript()],
    quiz: [],
  }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
