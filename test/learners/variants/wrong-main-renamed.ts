import { git } from '../../../src/scenario/steps.js';
import { answerQuiz, labRoad, REPO } from './support/segments.js';
import { cloneVerdicts, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';

export default defineLearnerVariant({
  name: 'wrong-main-renamed',
  road: 'wrong',
  summary: 'The whole lab done, then main renamed to trunk: there is no main branch to grade.',
  steps: labRoad({ quiz: [...answerQuiz(), git('rename main to trunk', REPO, ['branch', '-m', 'main', 'trunk'])] }),
  expect: {
    verdicts: verdicts({ merged: 'fail', concepts: 'fail' }),
    failingChecks: ['merged/main-branch', 'concepts/quiz-committed'],
    stage: 'committed',
    exitCode: 1,
    clone: { verdicts: cloneVerdicts({ merged: 'fail', concepts: 'fail' }), exitCode: 1 },
  },
});
