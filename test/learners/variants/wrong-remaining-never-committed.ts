import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, agentsAtOnce, cleanupByScript, commitWork, labRoad, mergeFastForward, SIBLINGS, tryApp } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-remaining-never-committed',
  road: 'wrong',
  summary: "Agent B's work left uncommitted in its worktree; only wipe merged; the cleanup script refuses to throw B's work away.",
  steps: labRoad({
    work: [tryApp(SIBLINGS.wipe), tryApp(SIBLINGS.remaining), agentsAtOnce(), commitWork(A)],
    merge: [mergeFastForward(A)],
    cleanup: [cleanupByScript({ expect: { exitCode: 1, stderr: 'has uncommitted work' } })],
  }),
  expect: {
    verdicts: verdicts({ 'parallel-agents': 'fail', merged: 'fail', 'cleaned-up': 'fail' }),
    failingChecks: ['parallel-agents/each-has-its-feature', 'merged/remaining-in-main', 'cleaned-up/only-main-worktree', 'cleaned-up/nothing-lost'],
    stage: 'merging',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, 'parallel-agents': 'fail', merged: 'fail' }, exitCode: 1 },
  },
});
