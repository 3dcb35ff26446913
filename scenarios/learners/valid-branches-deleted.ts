import { git } from '../../src/scenario/steps.js';
import { ALL_PASS, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, cleanupByScript, labRoad, REPO } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-branches-deleted',
  road: 'valid',
  summary: 'The lab as written, then both feature branches deleted with git branch -d once merged. (No clone: a clone has no trace of the fast-forwarded feature/wipe.)',
  steps: labRoad({ cleanup: [cleanupByScript(), git('delete both merged branches', REPO, ['branch', '-d', A.branch, B.branch])] }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0 },
});
