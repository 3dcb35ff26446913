import { writeFile } from 'node:fs/promises';
import type { AgentName, AgentPlan } from '../../../../src/lab/agent-plan.js';
import { deriveAnswerKey } from '../../../../src/quiz/derive-answer-key.js';
import { formatQuizFile, type QuizAnswers } from '../../../../src/quiz/quiz-file.js';
import { QUIZ_FILE } from '../../../../graders/lab.js';
import { labQuiz } from '../../../../graders/quiz/index.js';
import { agent, app, check, edit, git, labScript, parallel, withId, type LabScriptOptions } from '../../../../src/scenario/steps.js';
import type { RunExpectation, Step } from '../../../../src/scenario/types.js';
import { A, B } from '../../../../scenarios/support/agents.js';
import { REPO } from '../../../../scenarios/support/names.js';
import { startRepo } from '../../../../scenarios/support/start-repo.js';
import { quizSteps } from '../../../support/lab-variants.js';
import { sameSteps } from '../../../support/same-steps.js';
import { resolveKeepingBoth, type CliChange } from '../../../../scenarios/support/merge-steps.js';

export { concludeMerge, keepBothInCli, resolveKeepingBoth, type CliChange } from '../../../../scenarios/support/merge-steps.js';

/** The learner's main folder, as the lab names it. */
export { REPO };
export { A, B };

/** Where the two linked worktrees live, relative to the work folder (the main folder is `tasks-app`). */
export interface Places {
  readonly wipe: string;
  readonly remaining: string;
}

/** The lab's sibling folders. */
export const SIBLINGS: Places = { wipe: A.worktree, remaining: B.worktree };

/** The plan's name as the agent player knows it. */
function nameOf(plan: AgentPlan): AgentName {
  return plan.command;
}

/** The folder of a plan's worktree in `places` (default: the lab's sibling folders). */
export function placeOf(plan: AgentPlan, options: { readonly places?: Places } = {}): string {
  return (options.places ?? SIBLINGS)[nameOf(plan)];
}

/** The start snapshot copied into `tasks-app` and committed on main (no bottleneck demo). */
export function start(): Step[] {
  return startRepo();
}

/** Both worktrees made with the lab's setup script. */
export function worktreesByScript(): Step[] {
  return [sameSteps(['worktrees-by-script'], () => labScript('create the worktrees with the lab script', REPO, 'setup-worktrees.sh'))];
}

/** One worktree made by hand from the main folder: `git worktree add <folder> -b <branch>` (default: the plan's folder and branch). */
export function worktreeByHand(plan: AgentPlan, options: { readonly folder?: string; readonly branch?: string } = {}): Step {
  const { folder = placeOf(plan), branch = plan.branch } = options;
  return sameSteps(['worktree-by-hand', folder, branch], () =>
    git(`git worktree add ../${folder} -b ${branch}`, REPO, ['worktree', 'add', `../${folder}`, '-b', branch]),
  );
}

/** Runs the app once in a folder, so it gets its own tasks.json. */
export function tryApp(folder: string): Step {
  return sameSteps(['try-app', folder], () => app(`try the app in ${folder}`, folder, ['add', `try it in ${folder}`]));
}

/** Both agents at once, each in its own folder (default: the lab's sibling folders). */
export function agentsAtOnce(options: { readonly places?: Places } = {}): Step {
  const places = options.places ?? SIBLINGS;
  return sameSteps(['agents-at-once', places.wipe, places.remaining], () =>
    parallel('agents A and B work at the same time', [
      agent('agent A adds wipe', A.command, places.wipe, { pauseSeconds: 0.05 }),
      agent('agent B adds remaining', B.command, places.remaining, { pauseSeconds: 0.05 }),
    ]),
  );
}

/** One agent alone in a folder. */
export function agentIn(plan: AgentPlan, folder: string): Step {
  return agent(`agent ${plan.agent} works in ${folder}`, nameOf(plan), folder, { pauseSeconds: 0 });
}

/** Commits everything tracked in a folder (default: the plan's worktree) with the agent's message. */
export function commitWork(plan: AgentPlan, options: { readonly folder?: string } = {}): Step {
  const folder = options.folder ?? placeOf(plan);
  return sameSteps(['commit-work', nameOf(plan), plan.message, folder], () =>
    git(`commit ${nameOf(plan)} in ${folder}`, folder, ['commit', '-am', plan.message]),
  );
}

/** The usual middle of the lab: the app tried in both worktrees (default: the lab's sibling folders), the agents at once, a commit in each. */
export function parallelWork(options: { readonly places?: Places } = {}): Step[] {
  const places = options.places ?? SIBLINGS;
  return [
    tryApp(places.wipe),
    tryApp(places.remaining),
    agentsAtOnce({ places }),
    commitWork(A, { folder: places.wipe }),
    commitWork(B, { folder: places.remaining }),
  ];
}

/** A merge into main from the main folder that fast-forwards (or, with `--no-ff` among `args`, makes a merge). */
export function mergeFastForward(plan: AgentPlan, options: { readonly args?: readonly string[] } = {}): Step {
  const args = options.args ?? [];
  return sameSteps(['merge-fast-forward', plan.branch, args], () =>
    git(`merge ${plan.branch} ${args.join(' ')}`.trim(), REPO, ['merge', ...args, plan.branch], {
      expect: {
        stdout: args.includes('--no-ff') ? 'Merge made' : 'Fast-forward',
      },
    }),
  );
}

/** A merge that stops on the cli.py conflict, with `args` (default none) in `cwd` (default: the main folder). */
export function mergeConflicting(plan: AgentPlan, options: { readonly args?: readonly string[]; readonly cwd?: string } = {}): Step {
  const { args = [], cwd = REPO } = options;
  const expect: RunExpectation = { exitCode: 1, stdout: 'CONFLICT (content): Merge conflict in cli.py' };
  return sameSteps(['merge-conflicting', plan.branch, args, cwd], () =>
    git(`merge ${plan.branch}: conflict in cli.py`, cwd, ['merge', ...args, plan.branch], { expect }),
  );
}

const MERGE_BOTH: readonly Step[] = [mergeFastForward(A), mergeConflicting(B), ...resolveKeepingBoth(B)];

/** The lab's merges: wipe fast-forwards, remaining conflicts and is resolved keeping both. */
export function mergeBoth(): Step[] {
  return [...MERGE_BOTH];
}

/**
 * The lab's parallel work and merges, with one agent's cli.py slipping `bug` in before it commits.
 * Agent A's bug reaches main by the fast-forward; agent B's is carried over by the keep-both resolution.
 */
export function agentSlip(plan: AgentPlan, what: string, bug: CliChange): Pick<LabRoad, 'work' | 'merge'> {
  const work = [tryApp(SIBLINGS.wipe), tryApp(SIBLINGS.remaining), agentsAtOnce(), edit(what, `${placeOf(plan)}/cli.py`, [bug]), commitWork(A), commitWork(B)];
  return plan === B ? { work, merge: [mergeFastForward(A), mergeConflicting(B), ...resolveKeepingBoth(B, { also: [bug] })] } : { work };
}

/** The lab's cleanup script. */
export function cleanupByScript(options: LabScriptOptions = {}): Step {
  return labScript('clean up with the lab script', REPO, 'cleanup-worktrees.sh', options);
}

/** `git worktree remove <folder>` from the main folder. */
export function removeWorktree(folder: string): Step {
  return git(`git worktree remove ../${folder}`, REPO, ['worktree', 'remove', `../${folder}`]);
}

/** `git worktree prune`. */
export function prune(): Step {
  return git('git worktree prune', REPO, ['worktree', 'prune']);
}

/** The quiz answered with the key proven on this git, committed on main. */
export function answerQuiz(): Step[] {
  return quizSteps();
}

/** Writes the quiz file from the proven key changed by `answers`; commits it unless told not to. */
export function writeQuiz(label: string, answers: (key: QuizAnswers) => QuizAnswers, options: { readonly commit?: boolean } = {}): Step[] {
  return [
    check(`write ${QUIZ_FILE}: ${label}`, async (context) => {
      const key = await deriveAnswerKey(context.git, { quiz: labQuiz });
      await writeFile(context.path(`${REPO}/${QUIZ_FILE}`), formatQuizFile(answers(key.answers), labQuiz.items));
      return [];
    }),
    ...(options.commit === false
      ? []
      : [git('stage the quiz answers', REPO, ['add', QUIZ_FILE]), git('commit the quiz answers', REPO, ['commit', '-m', 'Answer the worktree quiz'])]),
  ];
}

/** The parts of a whole lab run; a variant replaces the ones it does differently. */
export interface LabRoad {
  readonly setup?: readonly Step[];
  readonly work?: readonly Step[];
  readonly merge?: readonly Step[];
  readonly cleanup?: readonly Step[];
  readonly quiz?: readonly Step[];
}

/** The id of a road's first cleanup step: a learner runs `wtlab snapshot` just before it, as the hints say. */
export const CLEANUP_STEP = 'cleanup';

/**
 * A whole lab run: start, worktrees by script, parallel work, the lab's merges, cleanup by script, the quiz; parts
 * replaced as given. The first cleanup step (if any) gets the id CLEANUP_STEP.
 */
export function labRoad(road: LabRoad = {}): Step[] {
  const [firstCleanup, ...restOfCleanup] = road.cleanup ?? [cleanupByScript()];
  return [
    ...start(),
    ...(road.setup ?? worktreesByScript()),
    ...(road.work ?? parallelWork()),
    ...(road.merge ?? mergeBoth()),
    ...(firstCleanup === undefined ? [] : [withId(CLEANUP_STEP, firstCleanup), ...restOfCleanup]),
    ...(road.quiz ?? answerQuiz()),
  ];
}
