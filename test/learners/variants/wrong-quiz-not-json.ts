import { brokenQuizLab } from '../../support/lab-variants.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';

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
    clone: { verdicts: { ...CLONE_OF_FINISHED, concepts: 'fail' }, exitCode: 1 },
  },
});
