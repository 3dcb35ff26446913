import { quizItems } from '../../../graders/quiz/index.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { labRoad, writeQuiz } from './support/segments.js';

const FIRST = quizItems[0]?.id ?? '';

export default defineLearnerVariant({
  name: 'wrong-quiz-wrong',
  road: 'wrong',
  summary: 'The quiz answered and committed, with the first item answered the wrong way round.',
  steps: labRoad({ quiz: writeQuiz('one answer wrong', (key) => ({ ...key, [FIRST]: key[FIRST] === 'shared' ? 'per-worktree' : 'shared' })) }),
  expect: {
    verdicts: verdicts({ concepts: 'fail' }),
    failingChecks: ['concepts/quiz-correct'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, concepts: 'fail' }, exitCode: 1 },
  },
});
