import { edit } from '../../src/scenario/steps.js';
import { BUGS } from './support/agent-bugs.js';
import { defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, agentsAtOnce, B, commitWork, labRoad, mergeConflicting, mergeFastForward, resolveWithTheirEdits, SIBLINGS, tryApp } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-remaining-hangs',
  road: 'wrong',
  summary: 'Agent B\'s remaining loops forever: the grader times the command out and says so. (No clone: each grading waits out the timeout.)',
  steps: labRoad({
    work: [tryApp(SIBLINGS.wipe), tryApp(SIBLINGS.remaining), agentsAtOnce(), edit('agent B leaves an endless loop', `${SIBLINGS.remaining}/cli.py`, [BUGS.remainingHangs]), commitWork(A), commitWork(B)],
    merge: [mergeFastForward(A), mergeConflicting(B), ...resolveWithTheirEdits(B, { also: [BUGS.remainingHangs] })],
  }),
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/remaining-works'],
    stage: 'cleaned',
    exitCode: 1,
  },
});
