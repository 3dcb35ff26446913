import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { labRoad } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-worktrees-kept',
  road: 'wrong',
  summary: 'Both features merged and the quiz answered, but the two worktrees never removed.',
  steps: labRoad({ cleanup: [] }),
  expect: {
    verdicts: verdicts({ 'cleaned-up': 'fail' }),
    failingChecks: ['cleaned-up/only-main-worktree'],
    stage: 'merged',
    exitCode: 1,
    clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 },
  },
});
