import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { FEATURES, QUIZ_FILE, REMAINING, STATE_FILE, WIPE, siblingPath } from '../../graders/lab.js';
import { defineScenario } from '../../src/scenario/define-scenario.js';
import { app, check, copyStart, git, remove, write } from '../../src/scenario/steps.js';
import type { Scenario, Step } from '../../src/scenario/types.js';
import { deriveAnswerKey } from '../../src/quiz/derive-answer-key.js';
import { formatQuizFile } from '../../src/quiz/quiz-file.js';
import { applyCode, type Insert, type Replace, type VariantCode } from './start-variant-code.js';
import { labQuiz } from '../../graders/quiz/index.js';
import { REPO } from '../../scenarios/support/names.js';
import { sameSteps } from './same-steps.js';

/** The learner's main folder. */
export { REPO };

/** The roads tried on every start snapshot: the lab done right, and four ways to get `merged` wrong. */
export type RoadName = 'golden' | 'side-lost' | 'remaining-counts-done' | 'done-broken' | 'wipe-leaves-tasks';

export const ROADS: readonly RoadName[] = ['golden', 'side-lost', 'remaining-counts-done', 'done-broken', 'wipe-leaves-tasks'];

/** The check each wrong road must fail, and the command its message must name. */
export const WRONG: Readonly<Record<Exclude<RoadName, 'golden'>, { readonly check: string; readonly command: string }>> = {
  'side-lost': { check: 'remaining-in-main', command: REMAINING.command },
  'remaining-counts-done': { check: 'remaining-works', command: REMAINING.command },
  'done-broken': { check: 'old-commands-work', command: 'done' },
  'wipe-leaves-tasks': { check: 'wipe-works', command: WIPE.command },
};

function startText(code: VariantCode, file: 'cli.py' | 'tasks.py'): string {
  return readFileSync(join(code.start, file), 'utf8');
}

/** Both files of a folder as `changes` make them from the start, written by a step. */
function writeBoth(label: string, folder: string, code: VariantCode, changes: readonly (Insert | Replace)[]): Step[] {
  return (['cli.py', 'tasks.py'] as const).map((file) => write(`${label}: ${file}`, `${folder}/${file}`, applyCode(file, startText(code, file), changes)));
}

/**
 * A learner's whole lab on one start snapshot, built by scenario steps with the real git and the
 * real app: worktrees by hand, the app run in both, each agent's code committed in its worktree,
 * wipe fast-forwarded, remaining merged with a conflict resolved by writing the file the road says,
 * runtime state removed where the start does not ignore it, worktrees removed, the quiz committed.
 */
export function variantRoad(name: string, code: VariantCode, road: RoadName, options: { readonly stopAfter?: 'merge' } = {}): Scenario {
  const wipeLeaves = road === 'wipe-leaves-tasks';
  const countsDone = road === 'remaining-counts-done';
  const wipe = wipeLeaves ? code.wipeLeavesTasks : code.wipe;
  const remaining = countsDone ? code.remainingCountsDone : code.remaining;
  const resolved = road === 'side-lost' ? wipe : road === 'done-broken' ? [...wipe, ...remaining, code.doneBroken] : [...wipe, ...remaining];
  const [first, second] = FEATURES as [typeof WIPE, typeof REMAINING];
  // Roads on one start share their steps up to where they differ (the same Step objects), so a test run builds that
  // prefix once and each road goes on from a copy (test/support/shared-prefixes.ts). The wipe agent's two writes (no
  // process) are not worth a prefix of their own, a sandbox and a copy of three worktrees: the road that counts done
  // tasks writes them itself, so the roads branch after the start and after the conflict only.
  const started = sameSteps(['start-variant-start', code], () => [
    copyStart(REPO),
    git('init', REPO, ['init', '-b', 'main']),
    git('stage the start', REPO, ['add', '-A']),
    git('commit the start', REPO, ['commit', '-m', 'Start from my tasks-app']),
    ...FEATURES.map((feature) => git(`worktree for ${feature.command}`, REPO, ['worktree', 'add', siblingPath(feature.folder), '-b', feature.branch])),
    ...FEATURES.map((feature) => app(`run the app in ${feature.folder}`, feature.folder, ['add', `try ${feature.command}`], { expect: { exitCode: 0 } })),
  ]);
  const wiped = sameSteps(['start-variant-wipe', code, wipeLeaves, countsDone], () => writeBoth(`agent ${first.agent}`, first.folder, code, wipe));
  const conflicted = sameSteps(['start-variant-to-conflict', code, wipeLeaves, countsDone], () => [
    ...writeBoth(`agent ${second.agent}`, second.folder, code, remaining),
    git(`commit ${first.command}`, first.folder, ['commit', '-am', `Add ${first.command} command`]),
    git(`commit ${second.command}`, second.folder, ['commit', '-am', `Add ${second.command} command`]),
    git(`merge ${first.branch}`, REPO, ['merge', first.branch], { expect: { stdout: 'Fast-forward' } }),
    git(`merge ${second.branch}: conflict`, REPO, ['merge', second.branch], { expect: { exitCode: 1, stdout: 'CONFLICT' } }),
  ]);
  const steps: Step[] = [
    ...started,
    ...wiped,
    ...conflicted,
    ...writeBoth('resolve the conflict', REPO, code, resolved),
    git('stage the resolution', REPO, ['add', 'cli.py', 'tasks.py']),
    git('conclude the merge', REPO, ['commit', '--no-edit']),
  ];
  if (options.stopAfter === 'merge')
    return defineScenario({ name: `${name}-${road}-to-merge`, summary: `The lab on the ${name} start up to the merge: ${road}.`, steps });
  steps.push(
    ...(code.ignoresRuntime
      ? []
      : FEATURES.flatMap((feature) => [
          remove(`drop ${STATE_FILE} in ${feature.folder}`, `${feature.folder}/${STATE_FILE}`),
          remove(`drop __pycache__ in ${feature.folder}`, `${feature.folder}/__pycache__`),
        ])),
    ...FEATURES.map((feature) => git(`remove ${feature.folder}`, REPO, ['worktree', 'remove', siblingPath(feature.folder)])),
    git('prune', REPO, ['worktree', 'prune']),
    check(`write ${QUIZ_FILE}`, async (context) => {
      const key = await deriveAnswerKey(context.git, { quiz: labQuiz });
      await writeFile(context.path(`${REPO}/${QUIZ_FILE}`), formatQuizFile(key.answers, labQuiz.items));
      return [];
    }),
    git('stage the quiz', REPO, ['add', QUIZ_FILE]),
    git('commit the quiz', REPO, ['commit', '-m', 'Answer the worktree quiz']),
  );
  return defineScenario({ name: `${name}-${road}`, summary: `The lab on the ${name} start: ${road}.`, steps });
}
