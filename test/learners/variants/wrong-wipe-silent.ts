import { BUGS } from './support/agent-bugs.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { agentSlip, A, labRoad } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-wipe-silent',
  road: 'wrong',
  summary: "Agent A's wipe empties the list without printing a confirmation.",
  steps: labRoad(agentSlip(A, 'agent A prints nothing', BUGS.wipeSilent)),
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/wipe-works'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, merged: 'fail' }, exitCode: 1 },
  },
});
