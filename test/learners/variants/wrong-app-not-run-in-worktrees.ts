import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, agentsAtOnce, B, commitWork, labRoad } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-app-not-run-in-worktrees',
  road: 'wrong',
  summary: 'The app never run in either worktree (no tasks.json there), and the worktrees still there at grading time.',
  steps: labRoad({ work: [agentsAtOnce(), commitWork(A), commitWork(B)], cleanup: [] }),
  expect: {
    verdicts: verdicts({ 'three-worktrees': 'fail', 'cleaned-up': 'fail' }),
    failingChecks: ['three-worktrees/app-run-in-both', 'cleaned-up/only-main-worktree'],
    stage: 'merged',
    exitCode: 1,
    clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 },
  },
});
