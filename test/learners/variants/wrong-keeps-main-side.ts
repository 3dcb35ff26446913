import { oneSideLab } from '../../support/lab-variants.js';
import { defineLearnerVariant, verdicts } from './support/define-learner-variant.js';

export default defineLearnerVariant({
  name: 'wrong-keeps-main-side',
  road: 'wrong',
  summary: "The conflict concluded with main's side of cli.py only (checkout --ours): remaining is merged in history but lost from the code.",
  steps: oneSideLab().steps,
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/remaining-in-main'],
    stage: 'merging',
    exitCode: 1,
    // Its road commits the record the lab takes after cleanup: a clone is graded as the folder.
    clone: { verdicts: verdicts({ merged: 'fail' }), exitCode: 1 },
  },
});
