import { git } from '../../../src/scenario/steps.js';
import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, keepBothInCli, labRoad, mergeFastForward, REPO } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-squash-merge',
  road: 'valid',
  summary: 'wipe fast-forwarded; feature/remaining squash-merged (git merge --squash), the conflict resolved, committed as one new commit on main.',
  steps: labRoad({
    merge: [
      mergeFastForward(A),
      git('squash-merge feature/remaining: conflict in cli.py', REPO, ['merge', '--squash', B.branch], {
        expect: {
          exitCode: 1,
          output: 'CONFLICT (content): Merge conflict in cli.py',
        },
      }),
      ...keepBothInCli(B, REPO),
      git('mark cli.py resolved', REPO, ['add', 'cli.py']),
      git('commit the squashed work', REPO, ['commit', '-m', 'Add remaining command (squashed)']),
    ],
  }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
