import { git } from '../../../src/scenario/steps.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import {
  A,
  agentIn,
  agentsAtOnce,
  B,
  commitWork,
  concludeMerge,
  labRoad,
  mergeConflicting,
  mergeFastForward,
  REPO,
  SIBLINGS,
  tryApp,
} from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-cross-feature',
  road: 'wrong',
  summary: 'Agent B also writes the wipe command in its worktree; feature/remaining carries both, and its side is taken in the merge.',
  steps: labRoad({
    work: [tryApp(SIBLINGS.wipe), tryApp(SIBLINGS.remaining), agentsAtOnce(), agentIn(A, SIBLINGS.remaining), commitWork(A), commitWork(B)],
    merge: [
      mergeFastForward(A),
      mergeConflicting(B),
      git("take feature/remaining's side of cli.py", REPO, ['checkout', '--theirs', 'cli.py']),
      ...concludeMerge(),
    ],
  }),
  expect: {
    verdicts: verdicts({ 'parallel-agents': 'fail' }),
    failingChecks: ['parallel-agents/no-cross-feature'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, 'parallel-agents': 'fail' }, exitCode: 1 },
  },
});
