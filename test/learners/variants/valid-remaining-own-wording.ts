import { BUGS } from './support/agent-bugs.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { agentSlip, B, labRoad } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-remaining-own-wording',
  road: 'valid',
  summary:
    'Agent B\'s remaining prints "pending tasks: 1" instead of "1 pending": the lab asks for something like it, so any wording with the right number passes.',
  steps: labRoad(agentSlip(B, 'agent B words the count its own way', BUGS.remainingWrongMessage)),
  expect: {
    verdicts: verdicts({}),
    failingChecks: [],
    stage: 'cleaned',
    exitCode: 0,
    clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 },
  },
});
