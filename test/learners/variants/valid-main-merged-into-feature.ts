import { git } from '../../../src/scenario/steps.js';
import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, labRoad, mergeConflicting, mergeFastForward, REPO, resolveKeepingBoth, SIBLINGS } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-main-merged-into-feature',
  road: 'valid',
  summary: 'wipe fast-forwarded; main merged into feature/remaining in its worktree (conflict resolved there), then main fast-forwarded to it.',
  steps: labRoad({
    merge: [
      mergeFastForward(A),
      mergeConflicting({ ...A, branch: 'main' }, { cwd: SIBLINGS.remaining }),
      ...resolveKeepingBoth(A, { cwd: SIBLINGS.remaining }),
      git('merge feature/remaining: a fast-forward now', REPO, ['merge', B.branch], { expect: { stdout: 'Fast-forward' } }),
    ],
  }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
