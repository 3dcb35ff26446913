import { git } from '../../../src/scenario/steps.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, B, cleanupByScript, labRoad, REPO } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-branches-deleted',
  road: 'valid',
  summary:
    'The lab as written, then both feature branches deleted with git branch -d once merged: where they were worked on can no longer be seen, so three-worktrees skips. As a clone, the fast-forwarded feature/wipe is found by the commit in main that adds it.',
  steps: labRoad({ cleanup: [cleanupByScript(), git('delete both merged branches', REPO, ['branch', '-d', A.branch, B.branch])] }),
  expect: {
    verdicts: verdicts({ 'three-worktrees': 'skip' }),
    failingChecks: [],
    stage: 'cleaned',
    exitCode: 0,
    clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 },
  },
});
