import { edit, git } from '../../src/scenario/steps.js';
import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, labRoad, mergeFastForward, REPO, SIBLINGS } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-rebase-then-fast-forward',
  road: 'valid',
  summary: 'wipe fast-forwarded; feature/remaining rebased onto main in its worktree (conflict resolved there), then fast-forwarded into main.',
  steps: labRoad({
    merge: [
      mergeFastForward(A),
      git('rebase feature/remaining onto main: conflict in cli.py', SIBLINGS.remaining, ['rebase', 'main'], { exitCode: 1, output: 'CONFLICT (content): Merge conflict in cli.py' }),
      // During a rebase "ours" is main, the side being built upon.
      git("take main's side of cli.py", SIBLINGS.remaining, ['checkout', '--ours', 'cli.py']),
      edit("add agent B's remaining command on top", `${SIBLINGS.remaining}/cli.py`, B.edits.filter((change) => change.file === 'cli.py')),
      git('mark cli.py resolved', SIBLINGS.remaining, ['add', 'cli.py']),
      git('continue the rebase', SIBLINGS.remaining, ['rebase', '--continue']),
      git('merge feature/remaining: a fast-forward now', REPO, ['merge', B.branch], { stdout: 'Fast-forward' }),
    ],
  }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
