import { git } from '../../../src/scenario/steps.js';
import { defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, B, cleanupByScript, labRoad, REPO } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-branches-deleted',
  road: 'valid',
  summary: 'The lab as written, then both feature branches deleted with git branch -d once merged: where they were worked on can no longer be seen, so three-worktrees skips. (No clone: a clone has no trace of the fast-forwarded feature/wipe.)',
  steps: labRoad({ cleanup: [cleanupByScript(), git('delete both merged branches', REPO, ['branch', '-d', A.branch, B.branch])] }),
  expect: { verdicts: verdicts({ 'three-worktrees': 'skip' }), failingChecks: [], stage: 'cleaned', exitCode: 0 },
});
