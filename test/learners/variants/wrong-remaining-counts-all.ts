import { BUGS } from './support/agent-bugs.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { agentSlip, B, labRoad } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-remaining-counts-all',
  road: 'wrong',
  summary: "Agent B's remaining counts every task instead of the pending ones (prints 2 pending for 1).",
  steps: labRoad(agentSlip(B, 'agent B counts all tasks', BUGS.remainingCountsAll)),
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/remaining-works'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, merged: 'fail' }, exitCode: 1 },
  },
});
