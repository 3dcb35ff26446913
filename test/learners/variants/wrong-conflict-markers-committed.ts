import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, B, concludeMerge, labRoad, mergeConflicting, mergeFastForward } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-conflict-markers-committed',
  road: 'wrong',
  summary: 'The conflicted cli.py added and committed as it was, markers and all.',
  steps: labRoad({ merge: [mergeFastForward(A), mergeConflicting(B), ...concludeMerge()] }),
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/no-conflict-markers', 'merged/app-runs'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, merged: 'fail' }, exitCode: 1 },
  },
});
