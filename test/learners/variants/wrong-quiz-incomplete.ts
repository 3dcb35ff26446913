import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { labRoad, writeQuiz } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-quiz-incomplete',
  road: 'wrong',
  summary: 'The quiz committed with only the first half of the items answered (those answers right).',
  steps: labRoad({ quiz: writeQuiz('half the items', (key) => Object.fromEntries(Object.entries(key).slice(0, Math.ceil(Object.keys(key).length / 2)))) }),
  expect: {
    verdicts: verdicts({ concepts: 'fail' }),
    failingChecks: ['concepts/quiz-complete'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, concepts: 'fail' }, exitCode: 1 },
  },
});
