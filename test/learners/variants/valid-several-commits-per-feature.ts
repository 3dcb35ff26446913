import { git } from '../../../src/scenario/steps.js';
import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { agentsAtOnce, B, commitWork, labRoad, SIBLINGS, tryApp } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-several-commits-per-feature',
  road: 'valid',
  summary: "Agent A's work committed in two commits (tasks.py, then cli.py) in its worktree.",
  steps: labRoad({
    work: [
      tryApp(SIBLINGS.wipe),
      tryApp(SIBLINGS.remaining),
      agentsAtOnce(),
      git('commit the wipe method first', SIBLINGS.wipe, ['commit', '-m', 'Add TaskList.wipe', '--', 'tasks.py']),
      git('then the wipe command', SIBLINGS.wipe, ['commit', '-m', 'Add wipe command', '--', 'cli.py']),
      commitWork(B),
    ],
  }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
