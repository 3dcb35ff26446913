import { git } from '../../../src/scenario/steps.js';
import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, keepBothInCli, labRoad, mergeFastForward, REPO, SIBLINGS } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-rebase-then-fast-forward',
  road: 'valid',
  summary: 'wipe fast-forwarded; feature/remaining rebased onto main in its worktree (conflict resolved there), then fast-forwarded into main.',
  steps: labRoad({
    merge: [
      mergeFastForward(A),
      git('rebase feature/remaining onto main: conflict in cli.py', SIBLINGS.remaining, ['rebase', 'main'], {
        expect: {
          exitCode: 1,
          output: 'CONFLICT (content): Merge conflict in cli.py',
        },
      }),
      // During a rebase "ours" is main, the side being built upon.
      ...keepBothInCli(B, SIBLINGS.remaining),
      git('mark cli.py resolved', SIBLINGS.remaining, ['add', 'cli.py']),
      git('continue the rebase', SIBLINGS.remaining, ['rebase', '--continue']),
      git('merge feature/remaining: a fast-forward now', REPO, ['merge', B.branch], { expect: { stdout: 'Fast-forward' } }),
    ],
  }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
