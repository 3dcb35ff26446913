import { oneSideLab } from '../support/lab-variants.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';

export default defineLearnerVariant({
  name: 'wrong-keeps-main-side',
  road: 'wrong',
  summary: 'The conflict concluded with main\'s side of cli.py only (checkout --ours): remaining is merged in history but lost from the code.',
  steps: oneSideLab().steps,
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/remaining-in-main'],
    stage: 'merging',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, merged: 'fail' }, exitCode: 1 },
  },
});
