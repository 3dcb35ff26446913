import { git } from '../../../src/scenario/steps.js';
import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, labRoad, REPO } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-branches-then-worktrees',
  road: 'valid',
  summary: 'Both branches made first with git branch, then each checked out in a new worktree (git worktree add <folder> <branch>, no -b).',
  steps: labRoad({
    setup: [
      git('branch feature/wipe', REPO, ['branch', A.branch]),
      git('branch feature/remaining', REPO, ['branch', B.branch]),
      git('check feature/wipe out in a new worktree', REPO, ['worktree', 'add', `../${A.worktree}`, A.branch]),
      git('check feature/remaining out in a new worktree', REPO, ['worktree', 'add', `../${B.worktree}`, B.branch]),
    ],
  }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
