import { defineCriterion, fail, pass, skip, type CheckOutcome } from '../src/grade/define-criterion.js';
import type { Evidence, LinkedWorktreeObservation } from '../src/evidence/types.js';
import { formatCommand } from '../src/process/command-result.js';
import { branchCreatedAt, branchReflog, featureTip, mainHeadReflog, observation } from './support/lab-facts.js';
import { APP_FOLDER, FEATURES, siblingPath, type Feature, LAB_COMMANDS, STATE_FILE } from './lab.js';
import { skipForRecords, withRecord } from './support/record-view.js';
import { ignoreStateCommands } from './support/runtime-state.js';

/** What the records say about a feature's linked worktree: it had one, it did not, or nothing is left to tell. */
type Sign = { readonly kind: 'yes' | 'no' | 'unknown'; readonly text: string };

function worktreeSign(evidence: Evidence, feature: Feature): Sign {
  const record = evidence.local?.worktrees.find((candidate) => candidate.branch === feature.branch);
  if (record !== undefined) return { kind: 'yes', text: `.git/worktrees/${record.id} points at ${record.path} on ${feature.branch}` };
  const seen = observation(evidence, feature);
  if (seen !== undefined) return { kind: 'yes', text: `${seen.source} record of ${seen.path} on ${feature.branch}` };
  const log = evidence.local?.headReflogs.find(
    (candidate) => candidate.owner !== 'main' && candidate.entries.some((entry) => entry.message.includes(feature.branch)),
  );
  if (log !== undefined) return { kind: 'yes', text: `${log.ref} mentions ${feature.branch}` };
  const branchLog = branchReflog(evidence, feature.branch);
  if (branchLog === undefined) {
    if (featureTip(evidence, feature) === undefined) return { kind: 'no', text: `${feature.branch} does not exist and was never merged` };
    return { kind: 'unknown', text: `${feature.branch} was merged and then deleted, and its worktree removed: no record of where it was worked on is left` };
  }
  const commits = branchLog.entries.filter((entry) => entry.action.startsWith('commit'));
  if (commits.length === 0) return { kind: 'no', text: `${feature.branch} has no commit of its own and no linked worktree` };
  const made = new Set(commits.map((entry) => entry.new));
  const inMain = mainHeadReflog(evidence)?.entries.find((entry) => entry.action.startsWith('commit') && made.has(entry.new));
  return inMain !== undefined
    ? { kind: 'no', text: `${feature.branch}'s commit ${inMain.new.slice(0, 7)} was made in the main folder (logs/HEAD: ${inMain.message})` }
    : {
        kind: 'yes',
        text: `${feature.branch} got ${commits.length} commit(s), none of them made in the main folder (logs/refs/heads/${feature.branch}, logs/HEAD)`,
      };
}

/** A skip for want of records a snapshot could have given: when the snapshot was ignored, it says why and asks for a new one. */
function skipUnlessSnapshot(evidence: Evidence, message: string, hint: string): CheckOutcome {
  const snapshot = evidence.local?.snapshot;
  if (snapshot?.state !== 'ignored') return skip({ message, hint });
  return skip({
    message: `${message} The snapshot in .git/wtlab/evidence.json is ignored: ${snapshot.problem ?? 'it does not match the repository'}.`,
    hint: 'Take a new snapshot while both linked worktrees exist: wtlab snapshot',
  });
}

function linkedWorktrees(evidence: Evidence): CheckOutcome {
  if (evidence.local === undefined) return skipForRecords(evidence, 'Worktree records');
  const signs = FEATURES.map((feature) => [feature, worktreeSign(evidence, feature)] as const);
  const evidenceText = signs.map(([, sign]) => sign.text).join('\n');
  const detached = evidence.local.worktrees.filter((record) => record.branch === undefined && record.prunable !== true);
  if (detached.length > 0) {
    return fail({
      message: `The linked worktree ${detached[0]?.path} has a detached HEAD, not its own branch.`,
      hint: `Put it on its branch: ${formatCommand(['git', '-C', detached[0]?.path ?? ''])} switch -c ${FEATURES.map((feature) => feature.branch).join(' (or ')}${')'.repeat(FEATURES.length - 1)}`,
    });
  }
  const missing = signs.filter(([, sign]) => sign.kind === 'no').map(([feature]) => feature);
  if (missing.length > 0) {
    const first = missing[0] as Feature;
    return fail({
      message: `No linked worktree was used for ${missing.map((feature) => feature.branch).join(' and ')}.`,
      hint: `Create it beside the main folder: git worktree add ${siblingPath(first.folder)} -b ${first.branch}`,
      evidence: evidenceText,
    });
  }
  if (signs.some(([, sign]) => sign.kind === 'unknown')) {
    return skipUnlessSnapshot(
      evidence,
      'The feature branches and worktree records are gone, so whether linked worktrees were used cannot be seen.',
      'Keep the feature branches until you are graded, or run wtlab snapshot before cleaning up.',
    );
  }
  return pass({ message: 'Two linked worktrees were made, each on its own feature branch.', evidence: evidenceText });
}

/** A feature's worktree life: from branch creation to its last reflog entry; open-ended while its record exists. */
function lifetime(evidence: Evidence, feature: Feature): { start: number; end: number } | undefined {
  const live = evidence.local?.worktrees.some((record) => record.branch === feature.branch && record.prunable !== true);
  const entries = branchReflog(evidence, feature.branch)?.entries ?? [];
  const start = branchCreatedAt(evidence, feature);
  if (start === undefined) return live ? { start: 0, end: Number.POSITIVE_INFINITY } : undefined;
  return { start, end: live ? Number.POSITIVE_INFINITY : Math.max(...entries.map((entry) => entry.time)) };
}

/** Evidence that one `wtlab snapshot` saw both linked worktrees at once (used only when the branch reflogs are gone). */
function seenTogether(evidence: Evidence): string | undefined {
  const seen = FEATURES.map((feature) => evidence.local?.linked.find((observed) => observed.source === 'snapshot' && observed.branch === feature.branch));
  const [wipe, remaining] = seen;
  if (wipe?.seenAt === undefined || wipe.seenAt !== remaining?.seenAt) return undefined;
  return `.git/wtlab/evidence.json, taken ${new Date(wipe.seenAt * 1000).toISOString()}: ${wipe.path} on ${wipe.branch} and ${remaining.path} on ${remaining.branch}`;
}

function sameTime(evidence: Evidence): CheckOutcome {
  const [wipe, remaining] = FEATURES.map((feature) => lifetime(evidence, feature));
  if (wipe === undefined || remaining === undefined) {
    const together = seenTogether(evidence);
    if (together !== undefined)
      return pass({ message: 'Both linked worktrees existed at the same time: one wtlab snapshot saw them both.', evidence: together });
    return skipUnlessSnapshot(
      evidence,
      'The branch reflogs that date the worktrees are gone, so their overlap cannot be seen.',
      `Keep the feature branches until grading, or run wtlab snapshot before cleaning up.`,
    );
  }
  const when = (time: number) => (Number.isFinite(time) ? new Date(time * 1000).toISOString() : 'now');
  const evidenceText = FEATURES.map((feature, index) => {
    const life = index === 0 ? wipe : remaining;
    return `${feature.branch}: ${life.start === 0 ? 'record present' : when(life.start)} .. ${when(life.end)}`;
  }).join('\n');
  if (Math.max(wipe.start, remaining.start) <= Math.min(wipe.end, remaining.end)) {
    return pass({ message: 'Both linked worktrees existed at the same time.', evidence: evidenceText });
  }
  return fail({
    message: 'The two linked worktrees never existed at the same time: one was finished before the other was made.',
    hint: `Run both at once: ${FEATURES.map(LAB_COMMANDS.addWorktree).join(' && ')}`,
    evidence: evidenceText,
  });
}

function appRunInBoth(evidence: Evidence): CheckOutcome {
  const seen = FEATURES.map((feature) => [feature, observation(evidence, feature)] as const);
  if (seen.every(([, observed]) => observed === undefined)) {
    return skipUnlessSnapshot(
      evidence,
      'The linked worktree folders are gone (or cannot be seen in this submission), so their tasks.json files cannot be checked.',
      `Next time, run wtlab snapshot in ${APP_FOLDER} before cleaning up; or grade the folder while the worktrees exist.`,
    );
  }
  const without = seen.filter(([, observed]) => observed !== undefined && !observed.hasTasksJson);
  if (without.length > 0) {
    const [feature, observed] = without[0] as readonly [Feature, LinkedWorktreeObservation];
    return fail({
      message: `${feature.branch}'s worktree ${observed.path} has no ${STATE_FILE}: the app was not run there.`,
      hint: `Run the app in it: ${LAB_COMMANDS.runAppIn(observed.path)}`,
    });
  }
  const unseen = seen.filter(([, observed]) => observed === undefined).map(([feature]) => feature.folder);
  if (unseen.length > 0)
    return skip({
      message: `${unseen.join(' and ')} cannot be seen any more, so only one worktree's tasks.json is known.`,
      hint: 'Run wtlab snapshot before cleaning up next time.',
    });
  return pass({
    message: 'The app was run in both linked worktrees: each has its own tasks.json.',
    evidence: seen.map(([, observed]) => `${observed?.path}/tasks.json (${observed?.source})`).join('\n'),
  });
}

function tasksJsonUntracked(evidence: Evidence): CheckOutcome {
  const seen = FEATURES.flatMap((feature) => {
    const observed = observation(evidence, feature);
    return observed ? [[feature, observed] as const] : [];
  });
  const tracked = seen.filter(([, observed]) => observed.tasksJson === 'tracked');
  if (tracked.length > 0) {
    const [feature, observed] = tracked[0] as (typeof seen)[number];
    return fail({
      message: `${STATE_FILE} is tracked by git in ${feature.branch}'s worktree ${observed.path}, so its tasks would travel with the branch.`,
      hint: `Stop tracking it and keep it out for good: ${formatCommand(['cd', observed.path])} && ${ignoreStateCommands(evidence)}`,
    });
  }
  return pass({
    message: 'Each linked worktree keeps its tasks.json to itself (untracked or ignored).',
    evidence: seen.map(([feature, observed]) => `${feature.folder}/tasks.json: ${observed.tasksJson}`).join('\n'),
  });
}

export default defineCriterion({
  id: 'three-worktrees',
  title: 'Main and two linked worktrees at the same time, the app run in each',
  points: 20,
  checks: [
    { id: 'linked-worktrees', title: 'Two linked worktrees, each on its own feature branch', run: withRecord(linkedWorktrees, { afterCleanup: false }) },
    {
      id: 'same-time',
      title: 'Both linked worktrees existed at the same time',
      dependsOn: ['linked-worktrees'],
      run: withRecord(sameTime, { afterCleanup: false }),
    },
    {
      id: 'app-run-in-both',
      title: 'The app was run in both linked worktrees',
      dependsOn: ['linked-worktrees'],
      run: withRecord(appRunInBoth, { afterCleanup: false }),
    },
    {
      id: 'tasks-json-untracked',
      title: 'Each worktree keeps its own untracked tasks.json',
      dependsOn: ['app-run-in-both'],
      run: withRecord(tasksJsonUntracked, { afterCleanup: false }),
    },
  ],
});
