import type { Evidence } from '../src/evidence/types.js';
import type { StageOptions, StageReport } from '../src/lab/define-lab.js';
import { addsFeature, featureTip, mainHasFeature, mergedButDropped, observation, ownCommits, reapplyFeature } from './support/lab-facts.js';
import { hasWorktree, worktreesEverMade } from './support/lab-work.js';
import { APP_ENTRY, FEATURES, LAB_COMMANDS, siblingPath } from './lab.js';
import { RECORD_HINT } from './support/record-view.js';
import { removeWorktreeSteps } from './support/remove-worktree.js';

/** What the criteria found, so that the lab is called complete only when nothing failed. */
const QUIZ = LAB_COMMANDS.answerQuiz;

/** How far through the lab the repository is, and what to do next. */
export function detectStage(evidence: Evidence, options: StageOptions = {}): StageReport {
  const inMain = FEATURES.filter((feature) => mainHasFeature(evidence, feature));
  // A clone has no records of its own: a committed record taken after cleanup tells where the lab ended.
  const record = evidence.record?.state === 'used' && evidence.record.afterCleanup ? evidence.record.view : undefined;
  const local = evidence.local ?? record;
  const linked = local?.worktrees.filter((record) => record.prunable !== true) ?? [];
  const stale = local?.worktrees.filter((record) => record.prunable === true) ?? [];
  const stray = local?.siblings.filter((sibling) => !sibling.registered) ?? [];
  if (evidence.local?.mergeHead !== undefined) {
    return {
      stage: 'merging',
      nextStep: `Keep both commands in ${APP_ENTRY} (usage line and dispatch), delete the conflict markers, then: git add ${APP_ENTRY} && git commit --no-edit`,
    };
  }
  if (inMain.length === FEATURES.length) {
    if (local === undefined) return { stage: 'merged', nextStep: `Cleanup cannot be seen in this submission. ${RECORD_HINT}` };
    if (linked.length > 0) {
      const steps = linked.map((record) => removeWorktreeSteps(evidence, record.path));
      return {
        stage: 'merged',
        nextStep: `Remove the worktrees and prune. ${[...new Set(steps.map((step) => step.say))].join('')}Run: ${steps.map((step) => step.commands).join(' && ')} && ${LAB_COMMANDS.prune}`,
      };
    }
    if (stale.length > 0) return { stage: 'merged', nextStep: 'Drop the stale worktree records: git worktree prune' };
    if (stray.length > 0) return { stage: 'merged', nextStep: `Delete the leftover folder: rm -rf ${siblingPath(stray[0]?.name ?? '')}` };
    const quizDone = evidence.quiz.committed !== undefined;
    if (!quizDone) return { stage: 'cleaned', nextStep: `Answer the concepts quiz: ${QUIZ}` };
    const unmet = options.unmet?.[0];
    if (unmet !== undefined) return { stage: 'cleaned', nextStep: `Not complete yet: ${unmet.id} did not pass.${unmet.hint ? ` ${unmet.hint}` : ''}` };
    return { stage: 'cleaned', nextStep: 'Nothing left: the lab is complete.' };
  }
  if (inMain.length === 1) {
    const missing = FEATURES.find((feature) => !inMain.includes(feature));
    if (missing !== undefined && mergedButDropped(evidence, missing))
      return {
        stage: 'merging',
        nextStep: `${missing.branch} is merged but its ${missing.command} code was dropped while resolving. Apply it again from the main folder: ${reapplyFeature(evidence, missing)}`,
      };
    return { stage: 'merging', nextStep: `Merge the other branch from the main folder: ${missing ? LAB_COMMANDS.merge(missing) : ''}` };
  }
  const committed = FEATURES.filter((feature) => ownCommits(evidence, feature).some((commit) => addsFeature(commit, feature)));
  if (committed.length === FEATURES.length)
    return { stage: 'committed', nextStep: `Merge both into main from the main folder: git merge ${FEATURES[0]?.branch}` };
  // Worktrees are the lab's first step: branches without one (the bottleneck demo, or work in the main folder) are not it.
  const started =
    linked.length > 0 ||
    worktreesEverMade(evidence) ||
    FEATURES.some((feature) => hasWorktree(evidence, feature)) ||
    (evidence.local === undefined && FEATURES.some((feature) => featureTip(evidence, feature) !== undefined));
  if (!started) {
    const create = FEATURES.map(LAB_COMMANDS.addWorktree).join(' && ');
    const existing = FEATURES.filter((feature) => featureTip(evidence, feature) !== undefined).map((feature) => feature.branch);
    if (existing.length === 0) return { stage: 'start', nextStep: `Create the two worktrees: ${create}` };
    return {
      stage: 'start',
      nextStep: `No linked worktree was made yet. If ${existing.join(' and ')} ${existing.length === 1 ? 'is' : 'are'} the bottleneck demo's, drop ${existing.length === 1 ? 'it' : 'them'} (git branch -D ${existing.join(' ')}), then create the two worktrees: ${create}`,
    };
  }
  const without = evidence.local === undefined ? undefined : FEATURES.find((feature) => !hasWorktree(evidence, feature) && !committed.includes(feature));
  if (without !== undefined) {
    const add = featureTip(evidence, without) === undefined ? `-b ${without.branch}` : without.branch;
    return { stage: 'worktrees', nextStep: `Create ${without.branch}'s own worktree: git worktree add ${siblingPath(without.folder)} ${add}` };
  }
  const notRun = FEATURES.map((feature) => observation(evidence, feature)).find((observed) => observed?.hasTasksJson === false);
  if (notRun !== undefined) return { stage: 'worktrees', nextStep: `Run the app in the worktree: ${LAB_COMMANDS.runAppIn(notRun.path)}` };
  const next = FEATURES.find((feature) => !committed.includes(feature)) ?? FEATURES[0];
  return {
    stage: 'worktrees',
    nextStep: `Let agent ${next?.agent} add ${next?.command} in its worktree, then commit there: cd ${siblingPath(next?.folder ?? '')} && git commit -am "Add ${next?.command} command"`,
  };
}
