import { git } from '../../../src/scenario/steps.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, B, concludeMerge, labRoad, mergeConflicting, mergeFastForward, REPO } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-keeps-their-side',
  road: 'wrong',
  summary: "The conflict concluded with feature/remaining's cli.py only (checkout --theirs): the wipe command is lost, its method in tasks.py stays.",
  steps: labRoad({
    merge: [
      mergeFastForward(A),
      mergeConflicting(B),
      git("take feature/remaining's side of cli.py", REPO, ['checkout', '--theirs', 'cli.py']),
      ...concludeMerge(),
    ],
  }),
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/wipe-in-main'],
    stage: 'merging',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, merged: 'fail' }, exitCode: 1 },
  },
});
