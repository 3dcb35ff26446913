import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, labRoad, mergeFastForward } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-remaining-never-merged',
  road: 'wrong',
  summary: 'feature/wipe merged, feature/remaining never merged; cleaned up and quizzed anyway.',
  steps: labRoad({ merge: [mergeFastForward(A)] }),
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/remaining-in-main'],
    stage: 'merging',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, merged: 'fail' }, exitCode: 1 },
  },
});
