import { BUGS } from './support/agent-bugs.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, B, labRoad, mergeConflicting, mergeFastForward, resolveKeepingBoth } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-count-lost',
  road: 'wrong',
  summary: 'Both commands kept while resolving the conflict, but the old count command deleted by mistake (the usage line still names it).',
  steps: labRoad({ merge: [mergeFastForward(A), mergeConflicting(B), ...resolveKeepingBoth(B, { also: [BUGS.countLost] })] }),
  expect: {
    verdicts: verdicts({ merged: 'fail' }),
    failingChecks: ['merged/old-commands-work'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, merged: 'fail' }, exitCode: 1 },
  },
});
