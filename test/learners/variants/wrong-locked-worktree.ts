import { git, remove } from '../../../src/scenario/steps.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { cleanupByScript, labRoad, prune, REPO, removeWorktree, SIBLINGS } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-locked-worktree',
  road: 'wrong',
  summary: 'The wipe worktree locked; the cleanup script refuses it, so it is deleted with rm -rf and prune keeps its locked record.',
  steps: labRoad({
    cleanup: [
      git('lock the wipe worktree', REPO, ['worktree', 'lock', '--reason', 'agent A may still run', `../${SIBLINGS.wipe}`]),
      cleanupByScript({ expect: { exitCode: 'nonzero', stderr: 'locked' } }),
      removeWorktree(SIBLINGS.remaining),
      remove('rm -rf ../tasks-app-wipe', SIBLINGS.wipe),
      prune(),
    ],
  }),
  expect: {
    verdicts: verdicts({ 'cleaned-up': 'fail' }),
    failingChecks: ['cleaned-up/no-stale-records'],
    stage: 'merged',
    exitCode: 1,
    clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 },
  },
});
