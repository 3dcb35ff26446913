import { defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, labRoad, mergeConflicting, mergeFastForward } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-stopped-mid-merge',
  road: 'wrong',
  summary: 'Stopped on the conflict of the second merge: MERGE_HEAD is there, cli.py holds markers, the worktrees are still there.',
  steps: labRoad({ merge: [mergeFastForward(A), mergeConflicting(B)], cleanup: [], quiz: [] }),
  expect: {
    verdicts: { 'three-worktrees': 'pass', 'parallel-agents': 'pass', merged: 'fail', 'cleaned-up': 'fail', concepts: 'fail' },
    failingChecks: [
      'merged/remaining-in-main',
      'merged/no-merge-in-progress',
      'merged/no-conflict-markers',
      'cleaned-up/only-main-worktree',
      'concepts/quiz-present',
    ],
    stage: 'merging',
    exitCode: 1,
    clone: { verdicts: { 'three-worktrees': 'skip', 'parallel-agents': 'pass', merged: 'fail', 'cleaned-up': 'skip', concepts: 'fail' }, exitCode: 1 },
  },
});
