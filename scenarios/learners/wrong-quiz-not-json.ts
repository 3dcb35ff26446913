import { brokenQuizLab } from '../support/lab-variants.js';
import { defineLearnerVariant, verdicts } from './support/define-learner-variant.js';

export default defineLearnerVariant({
  name: 'wrong-quiz-not-json',
  road: 'wrong',
  summary: 'The whole lab, with worktree-quiz.json committed but not valid JSON.',
  steps: brokenQuizLab().steps,
  expect: {
    verdicts: verdicts({ concepts: 'fail' }),
    failingChecks: ['concepts/quiz-file'],
    stage: 'cleaned',
    exitCode: 1,
    // Its road commits the record the lab takes after cleanup: a clone is graded as the folder.
    clone: { verdicts: verdicts({ concepts: 'fail' }), exitCode: 1 },
  },
});
