import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { labRoad } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-lab-as-written',
  road: 'valid',
  summary:
    'The lab as the module has it: setup script, both agents at once, wipe fast-forwarded, the remaining conflict resolved keeping both, cleanup script, quiz.',
  steps: labRoad(),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
