import { sequentialLab } from '../../support/lab-variants.js';
import { defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-sequential',
  road: 'wrong',
  summary: 'One worktree at a time: wipe made, merged and removed before feature/remaining is even branched.',
  steps: sequentialLab().steps,
  // Its cleanup starts when the first worktree goes, before the second one even exists.
  recordBefore: `remove ${A.worktree}`,
  expect: {
    verdicts: verdicts({ 'three-worktrees': 'fail', 'parallel-agents': 'fail' }),
    failingChecks: ['three-worktrees/same-time', 'parallel-agents/not-sequential'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: verdicts({ 'three-worktrees': 'skip', 'parallel-agents': 'fail', 'cleaned-up': 'skip' }), exitCode: 1 },
  },
});
