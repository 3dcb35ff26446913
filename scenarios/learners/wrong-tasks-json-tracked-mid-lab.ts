import { committedStateLab } from '../support/lab-variants.js';
import { defineLearnerVariant } from './support/define-learner-variant.js';

export default defineLearnerVariant({
  name: 'wrong-tasks-json-tracked-mid-lab',
  road: 'wrong',
  summary: 'Graded mid-lab: worktree A committed its tasks.json with the wipe command, so git tracks it there; nothing merged yet.',
  steps: committedStateLab().steps,
  expect: {
    verdicts: { 'three-worktrees': 'fail', 'parallel-agents': 'fail', merged: 'fail', 'cleaned-up': 'fail', concepts: 'fail' },
    failingChecks: [
      'three-worktrees/tasks-json-untracked',
      'parallel-agents/no-runtime-state',
      'merged/wipe-in-main',
      'merged/remaining-in-main',
      'cleaned-up/only-main-worktree',
      'concepts/quiz-present',
    ],
    stage: 'committed',
    exitCode: 1,
  },
});
