import { git } from '../../../src/scenario/steps.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, agentsAtOnce, B, commitWork, labRoad, SIBLINGS, tryApp } from './support/segments.js';

export default defineLearnerVariant({
  name: 'wrong-tasks-json-committed',
  road: 'wrong',
  summary: "Worktree A commits its tasks.json with the wipe command (git add -f); merged, it brings a stray task into main's app.",
  steps: labRoad({
    work: [
      tryApp(SIBLINGS.wipe),
      tryApp(SIBLINGS.remaining),
      agentsAtOnce(),
      git('force-add tasks.json in worktree A', SIBLINGS.wipe, ['add', '-f', 'tasks.json']),
      commitWork(A),
      commitWork(B),
    ],
  }),
  expect: {
    verdicts: verdicts({ 'parallel-agents': 'fail', merged: 'fail' }),
    failingChecks: ['parallel-agents/no-runtime-state', 'merged/old-commands-work', 'merged/remaining-works'],
    stage: 'cleaned',
    exitCode: 1,
    clone: { verdicts: { ...CLONE_OF_FINISHED, 'parallel-agents': 'fail', merged: 'fail' }, exitCode: 1 },
  },
});
