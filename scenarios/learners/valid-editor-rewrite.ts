import { agent, run } from '../../src/scenario/steps.js';
import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, concludeMerge, labRoad, mergeConflicting, mergeFastForward, REPO } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-editor-rewrite',
  road: 'valid',
  summary: 'The conflict resolved by rewriting the whole cli.py in an editor (remaining before wipe), not by deleting marker lines.',
  steps: labRoad({
    merge: [
      mergeFastForward(A),
      mergeConflicting(B),
      // The editor starts from the common ancestor's cli.py (stage 1 of the conflict) and types both commands in, remaining first.
      run('open the common ancestor of cli.py in an editor', ['sh', '-c', 'git show :1:cli.py > cli.py'], { cwd: REPO }),
      agent('type the remaining command in', B.command, REPO, { pauseSeconds: 0, only: 'cli.py' }),
      agent('type the wipe command in', A.command, REPO, { pauseSeconds: 0, only: 'cli.py' }),
      ...concludeMerge(),
    ],
  }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
