import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, labRoad, mergeConflicting, mergeFastForward, resolveKeepingBoth } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-no-ff-merges',
  road: 'valid',
  summary: 'Both branches merged with --no-ff, so main has two merge commits and no fast-forward.',
  steps: labRoad({ merge: [mergeFastForward(A, { args: ['--no-ff'] }), mergeConflicting(B, { args: ['--no-ff'] }), ...resolveKeepingBoth(B)] }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
