import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, labRoad, mergeConflicting, mergeFastForward, resolveKeepingBoth } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-other-merge-order',
  road: 'valid',
  summary: 'feature/remaining merged first (fast-forward), then feature/wipe, whose conflict is resolved keeping both.',
  steps: labRoad({ merge: [mergeFastForward(B), mergeConflicting(A), ...resolveKeepingBoth(A)] }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
