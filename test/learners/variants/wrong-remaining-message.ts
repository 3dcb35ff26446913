import { BUGS } from './support/agent-bugs.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { agentSlip, B, labRoad } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-remaining-message',
  road: 'wrong',
  summary: 'Agent B\'s remaining prints "pending tasks: 1" instead of "1 pending".',
  steps: labRoad(agentSlip(B, 'agent B words the count its own way', BUGS.remainingWrongMessage)),
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/remaining-works'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, merged: 'fail' }, exitCode: 1 },
  },
});
