import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { labRoad, writeQuiz } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-quiz-not-committed',
  road: 'wrong',
  summary: 'The quiz answered right in the main folder but never committed.',
  steps: labRoad({ quiz: writeQuiz('all right, left uncommitted', (key) => key, { commit: false }) }),
  expect: {
    verdicts: verdicts({ concepts: 'fail' }),
    failingChecks: ['concepts/quiz-committed'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, concepts: 'fail' }, exitCode: 1 },
  },
});
