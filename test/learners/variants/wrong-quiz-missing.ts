import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { labRoad } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-quiz-missing',
  road: 'wrong',
  summary: 'The whole lab done, the concepts quiz never answered.',
  steps: labRoad({ quiz: [] }),
  expect: {
    verdicts: verdicts({ concepts: 'fail' }),
    failingChecks: ['concepts/quiz-present'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, concepts: 'fail' }, exitCode: 1 },
  },
});
