import { BUGS } from './support/agent-bugs.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { agentSlip, A, labRoad } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-wipe-not-saved',
  road: 'wrong',
  summary: "Agent A's wipe empties the list in memory and prints, but never saves it: the tasks come back.",
  steps: labRoad(agentSlip(A, 'agent A forgets tasks.save()', BUGS.wipeNotSaved)),
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/wipe-works'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, merged: 'fail' }, exitCode: 1 },
  },
});
