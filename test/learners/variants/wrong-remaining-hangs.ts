import { BUGS } from './support/agent-bugs.js';
import { defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { agentSlip, B, labRoad } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-remaining-hangs',
  road: 'wrong',
  summary: "Agent B's remaining loops forever: the grader times the command out and says so. (No clone: each grading waits out the timeout, 2 s here.)",
  steps: labRoad(agentSlip(B, 'agent B leaves an endless loop', BUGS.remainingHangs)),
  // Each grade waits the loop out (the folder, then the clone with the record): 2 s each, not the grader's 5 s.
  secondsPerCommand: 2,
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/remaining-works'],
    stage: 'cleaned',
    exitCode: 1,
  },
});
