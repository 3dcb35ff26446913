import { edit } from '../../src/scenario/steps.js';
import { BUGS } from './support/agent-bugs.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, agentsAtOnce, B, commitWork, labRoad, mergeConflicting, mergeFastForward, resolveWithTheirEdits, SIBLINGS, tryApp } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-remaining-message',
  road: 'wrong',
  summary: 'Agent B\'s remaining prints "pending tasks: 1" instead of "1 pending".',
  steps: labRoad({
    work: [tryApp(SIBLINGS.wipe), tryApp(SIBLINGS.remaining), agentsAtOnce(), edit('agent B words the count its own way', `${SIBLINGS.remaining}/cli.py`, [BUGS.remainingWrongMessage]), commitWork(A), commitWork(B)],
    merge: [mergeFastForward(A), mergeConflicting(B), ...resolveWithTheirEdits(B, { also: [BUGS.remainingWrongMessage] })],
  }),
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/remaining-works'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, merged: 'fail' }, exitCode: 1 },
  },
});
