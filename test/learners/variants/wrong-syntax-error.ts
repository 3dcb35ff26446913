import { BUGS } from './support/agent-bugs.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, B, labRoad, mergeConflicting, mergeFastForward, resolveKeepingBoth } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-syntax-error',
  road: 'wrong',
  summary: 'The conflict resolved keeping both, but a colon lost on the way: cli.py on main no longer compiles.',
  steps: labRoad({ merge: [mergeFastForward(A), mergeConflicting(B), ...resolveKeepingBoth(B, { also: [BUGS.syntaxError] })] }),
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/app-runs'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, merged: 'fail' }, exitCode: 1 },
  },
});
