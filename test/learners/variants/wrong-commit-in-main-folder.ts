import { git } from '../../../src/scenario/steps.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, agentIn, B, cleanupByScript, commitWork, labRoad, REPO, SIBLINGS, tryApp } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-commit-in-main-folder',
  road: 'wrong',
  summary:
    "Both worktrees made, but feature/remaining checked out in the main folder too (--ignore-other-worktrees) and agent B's work committed there; cleanup forced.",
  steps: labRoad({
    work: [
      tryApp(SIBLINGS.wipe),
      tryApp(SIBLINGS.remaining),
      agentIn(A, SIBLINGS.wipe),
      commitWork(A),
      git('check feature/remaining out in the main folder as well', REPO, ['switch', '--ignore-other-worktrees', B.branch]),
      agentIn(B, REPO),
      commitWork(B, { folder: REPO }),
      git('back to main', REPO, ['switch', 'main']),
    ],
    cleanup: [cleanupByScript({ args: ['--force'] })],
  }),
  expect: {
    verdicts: verdicts({ 'three-worktrees': 'fail', 'parallel-agents': 'fail' }),
    failingChecks: ['three-worktrees/linked-worktrees', 'parallel-agents/committed-in-linked-worktrees'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 },
  },
});
