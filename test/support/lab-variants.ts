import type { AgentPlan } from '../../src/lab/agent-plan.js';
import { defineScenario } from '../../src/scenario/define-scenario.js';
import { agent, app, git, remove, write } from '../../src/scenario/steps.js';
import type { Scenario, Step } from '../../src/scenario/types.js';
import lab from '../../scenarios/lab.js';
import { A, B } from '../../scenarios/support/agents.js';
import { CLI, MAIN, REPO } from '../../scenarios/support/names.js';
import { startRepo } from '../../scenarios/support/start-repo.js';

function indexOf(id: string): number {
  const index = lab.steps.findIndex((step) => step.id === id);
  if (index === -1) throw new Error(`the lab scenario has no step with id ${JSON.stringify(id)}`);
  return index;
}

/** The lab's steps from the first up to and including the one with this id. */
export function labUntil(id: string): Step[] {
  return lab.steps.slice(0, indexOf(id) + 1);
}

/** The lab's steps after the one with this id, up to and including `to` (default: the end). */
export function labAfter(id: string, to?: string): Step[] {
  return lab.steps.slice(indexOf(id) + 1, to === undefined ? undefined : indexOf(to) + 1);
}

/** Ids of lab steps where a learner typically stops for a self-check. */
export const MILESTONES = {
  worktrees: 'own-tasks-json',
  committed: 'remaining-in-b',
  conflict: 'merge-b-conflict',
  merged: 'both-merged',
  /** Both commands tried on main, the worktrees still there: the last step before the snapshot and the cleanup. */
  checked: 'drop-empty-start-copy',
  cleaned: 'siblings-gone',
} as const;

/** The lab's quiz steps (answer, stage, commit, verify). */
export function quizSteps(): Step[] {
  return labAfter(MILESTONES.cleaned);
}

/** The lab played up to a milestone, as a scenario of its own. */
export function labTo(milestone: keyof typeof MILESTONES): Scenario {
  const last = lab.steps[indexOf(MILESTONES[milestone])];
  return defineScenario({ name: `lab-to-${milestone}`, summary: `The lab played up to: ${last?.name ?? milestone}.`, steps: labUntil(MILESTONES[milestone]) });
}

/** One feature done start to end in a worktree created only then: add, run the app, agent, commit, merge, remove. */
export function featureInTurn(plan: AgentPlan): Step[] {
  return [
    git(`create ${plan.worktree} only now`, REPO, ['worktree', 'add', `../${plan.worktree}`, '-b', plan.branch]),
    app(`run the app in ${plan.worktree}`, plan.worktree, ['add', `from ${plan.worktree}`]),
    agent(`agent ${plan.agent} works alone`, plan.command, plan.worktree, { pauseSeconds: 0 }),
    git(`commit in ${plan.worktree}`, plan.worktree, ['commit', '-am', plan.message]),
    git(`merge ${plan.branch}`, REPO, ['merge', '--no-edit', plan.branch]),
    git(`remove ${plan.worktree}`, REPO, ['worktree', 'remove', '--force', `../${plan.worktree}`]),
  ];
}

/** Both features done one after the other, each in a worktree, then the quiz: not parallel. */
export function sequentialLab(): Scenario {
  return defineScenario({
    name: 'lab-sequential',
    summary: 'One worktree at a time: wipe made, merged and removed before remaining is even branched.',
    steps: [...startRepo(), ...featureInTurn(A), ...featureInTurn(B), ...quizSteps()],
  });
}

/** Both features built with branches in the main folder only, never a linked worktree. */
export function mainFolderOnlyLab(): Scenario {
  return defineScenario({
    name: 'lab-main-folder-only',
    summary: 'Branches switched in the main folder, no worktree at all; then both merged and the quiz answered.',
    steps: [
      ...startRepo(),
      git('branch for wipe in the main folder', REPO, ['branch', A.branch]),
      git('branch for remaining in the main folder', REPO, ['branch', B.branch]),
      git('switch to feature/wipe', REPO, ['switch', A.branch]),
      agent('agent A in the main folder', A.command, REPO, { pauseSeconds: 0 }),
      git('commit wipe in the main folder', REPO, ['commit', '-am', A.message]),
      git('switch to feature/remaining', REPO, ['switch', B.branch]),
      agent('agent B in the main folder', B.command, REPO, { pauseSeconds: 0 }),
      git('commit remaining in the main folder', REPO, ['commit', '-am', B.message]),
      git('back to main', REPO, ['switch', MAIN]),
      ...labAfter(MILESTONES.committed, MILESTONES.merged).filter((step) => step.kind !== 'run' || step.cwd === REPO),
      ...quizSteps(),
    ],
  });
}

/** The lab up to both commits, but agent A's worktree also commits its tasks.json. */
export function committedStateLab(): Scenario {
  const before = labUntil('agents-at-once');
  return defineScenario({
    name: 'lab-commits-tasks-json',
    summary: 'Worktree A commits its tasks.json together with the wipe command; the worktrees are still there.',
    steps: [
      ...before,
      git('worktree A: force-add tasks.json', A.worktree, ['add', '-f', 'tasks.json']),
      ...labAfter('agents-at-once', 'clean-b').filter((step) => step.id !== 'clean-a'),
    ],
  });
}

/** The conflict "resolved" by keeping only main's side, then cleaned up: remaining is lost from main. */
export function oneSideLab(): Scenario {
  return defineScenario({
    name: 'lab-keeps-one-side',
    summary: "The second merge concluded with only main's side of cli.py: remaining is merged in history but not in the code.",
    steps: [
      ...labUntil(MILESTONES.conflict),
      git("take only main's side", REPO, ['checkout', '--ours', CLI]),
      git('mark it resolved', REPO, ['add', CLI]),
      git('conclude the merge', REPO, ['commit', '--no-edit']),
      ...labAfter(MILESTONES.checked, MILESTONES.cleaned),
      ...quizSteps(),
    ],
  });
}

/** A finished lab cleaned up by hand, badly: one folder deleted without prune, one record deleted with its folder left. */
export function untidyCleanupLab(): Scenario {
  return defineScenario({
    name: 'lab-untidy-cleanup',
    summary: 'rm -rf of one worktree folder (a stale record) and a deleted record whose folder stays (a stray folder).',
    steps: [
      ...labUntil(MILESTONES.checked),
      remove('delete the remaining worktree folder by hand', B.worktree),
      remove('delete the wipe worktree record by hand', `${REPO}/.git/worktrees/${A.worktree}`),
      ...quizSteps(),
    ],
  });
}

/** The whole lab with a quiz file that is not JSON. */
export function brokenQuizLab(): Scenario {
  return defineScenario({
    name: 'lab-broken-quiz',
    summary: 'The whole lab, with worktree-quiz.json committed but not valid JSON.',
    steps: [
      ...labUntil(MILESTONES.cleaned),
      write('write a broken quiz file', `${REPO}/worktree-quiz.json`, '{ "answers": [ shared\n'),
      git('stage it', REPO, ['add', 'worktree-quiz.json']),
      git('commit it', REPO, ['commit', '-m', 'Answer the worktree quiz']),
    ],
  });
}
