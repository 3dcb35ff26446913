import { git } from '../../../src/scenario/steps.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, B, labRoad, REPO, resolveKeepingBoth, worktreeByHand } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-branch-names',
  road: 'wrong',
  summary: 'The lab done in the right folders, but on branches named wipe and remaining instead of feature/wipe and feature/remaining.',
  steps: labRoad({
    setup: [worktreeByHand(A, { branch: 'wipe' }), worktreeByHand(B, { branch: 'remaining' })],
    merge: [
      git('merge wipe', REPO, ['merge', 'wipe'], { expect: { stdout: 'Fast-forward' } }),
      git('merge remaining: conflict in cli.py', REPO, ['merge', 'remaining'], {
        expect: { exitCode: 1, stdout: 'CONFLICT (content): Merge conflict in cli.py' },
      }),
      ...resolveKeepingBoth(B),
    ],
  }),
  expect: {
    verdicts: verdicts({ 'three-worktrees': 'fail', 'parallel-agents': 'fail' }),
    failingChecks: ['three-worktrees/linked-worktrees', 'parallel-agents/feature-branches'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, 'parallel-agents': 'fail' }, exitCode: 1 },
  },
});
