import { edit } from '../../src/scenario/steps.js';
import { BUGS } from './support/agent-bugs.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, agentsAtOnce, B, commitWork, labRoad, SIBLINGS, tryApp } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-wipe-not-saved',
  road: 'wrong',
  summary: 'Agent A\'s wipe empties the list in memory and prints, but never saves it: the tasks come back.',
  steps: labRoad({
    work: [tryApp(SIBLINGS.wipe), tryApp(SIBLINGS.remaining), agentsAtOnce(), edit('agent A forgets tasks.save()', `${SIBLINGS.wipe}/cli.py`, [BUGS.wipeNotSaved]), commitWork(A), commitWork(B)],
  }),
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/wipe-works'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, merged: 'fail' }, exitCode: 1 },
  },
});
