import type { Evidence } from '../src/evidence/types.js';
import { defineCriterion, fail, pass, skip, type CheckOutcome } from '../src/grade/define-criterion.js';
import { EnvironmentError } from '../src/errors/environment-error.js';
import { cleanupIsDue } from './support/lab-work.js';
import { formatCommand } from '../src/process/command-result.js';
import { FEATURES, GRADE_FOLDER, LAB_COMMANDS, siblingPath } from './lab.js';
import { skipForRecords, withRecord } from './support/record-view.js';
import { commitWorkCommand, removeWorktreeSteps } from './support/remove-worktree.js';
import { ownWork } from './support/runtime-state.js';

function noLocal(evidence: Evidence, what: string): CheckOutcome {
  return skipForRecords(evidence, what);
}

const START_LAB = `Start the lab with the two worktrees: ${FEATURES.map((feature) => `git worktree add ${siblingPath(feature.folder)} -b ${feature.branch}`).join(' && ')}`;
const NOTHING_YET = 'No linked worktree was ever made and the two features are not both merged';

/** A check of cleanup before there is any lab work: nothing has been cleaned up, so it cannot pass. */
function notYet(what: string): CheckOutcome {
  return skip({ message: `${what} is not checked yet: ${NOTHING_YET}, so there is nothing to clean up.`, hint: START_LAB });
}

function onlyMainWorktree(evidence: Evidence): CheckOutcome {
  if (evidence.local === undefined) return noLocal(evidence, 'Which worktrees exist');
  if (!cleanupIsDue(evidence)) return fail({ message: `${NOTHING_YET}: there is no lab work to clean up after yet.`, hint: START_LAB });
  const live = evidence.local.worktrees.filter((record) => record.prunable !== true);
  const first = live[0];
  if (first !== undefined) {
    return fail({
      message: `${live.length} linked worktree(s) are still there: ${live.map((record) => record.path).join(', ')}.`,
      hint: (() => {
        const steps = removeWorktreeSteps(evidence, first.path);
        return `Remove them from the main folder once merged. ${steps.say}Run: ${steps.commands}`;
      })(),
      evidence: live.map((record) => `.git/worktrees/${record.id} -> ${record.path} [${record.branch ?? 'detached'}]`).join('\n'),
    });
  }
  return pass({ message: 'Only the main worktree is left.' });
}

function noStaleRecords(evidence: Evidence): CheckOutcome {
  if (evidence.local === undefined) return noLocal(evidence, 'Worktree records');
  if (!cleanupIsDue(evidence)) return notYet('Whether .git/worktrees is tidy');
  const stale = evidence.local.worktrees.filter((record) => record.prunable === true);
  if (stale.length > 0) {
    return fail({
      message: `.git/worktrees still holds ${stale.length} record(s) whose folder is gone: ${stale.map((record) => record.id).join(', ')}.`,
      hint: 'Drop them: git worktree prune',
      evidence: stale.map((record) => `.git/worktrees/${record.id} -> ${record.path} (missing)`).join('\n'),
    });
  }
  const locked = evidence.local.worktrees.filter((record) => record.locked);
  if (locked.length > 0) {
    return fail({
      message: `The worktree ${locked[0]?.path} is locked, so prune keeps it.`,
      hint: `Unlock it, then remove it: ${formatCommand(['git', 'worktree', 'unlock', locked[0]?.path ?? ''])} && ${LAB_COMMANDS.removeWorktree(locked[0]?.path ?? '')}`,
    });
  }
  return pass({ message: 'No stale or locked records are left in .git/worktrees.' });
}

function noStraySiblings(evidence: Evidence): CheckOutcome {
  if (evidence.local === undefined) return noLocal(evidence, 'Folders beside the repository');
  if (!evidence.submission.siblingFolders) {
    return skip({
      message: `Folders beside the repository cannot be seen in ${evidence.submission.kind === 'archive' ? 'an archive' : `a ${evidence.submission.kind}`}.`,
      hint: `Grade the folder itself: ${GRADE_FOLDER}`,
    });
  }
  if (!cleanupIsDue(evidence)) return notYet('Whether stray folders are left');
  const stray = evidence.local.siblings.filter((sibling) => !sibling.registered);
  const first = stray[0];
  if (first !== undefined) {
    return fail({
      message: `${first.name} is still beside the repository with a .git file, but git no longer knows it as a worktree.`,
      hint: `Check it holds nothing you need, then delete it: rm -rf ${siblingPath(first.name)}`,
      evidence: stray.map((sibling) => `${sibling.path}/.git -> ${sibling.gitdir ?? '(unreadable)'}`).join('\n'),
    });
  }
  return pass({ message: 'No stray worktree folders are left beside the repository.' });
}

function nothingLost(evidence: Evidence): CheckOutcome {
  if (evidence.local === undefined) return noLocal(evidence, 'Uncommitted work in the worktrees');
  if (!cleanupIsDue(evidence)) return notYet('Whether work was lost');
  const local = evidence.local;
  // A snapshot taken before a later commit on that branch may list work that was committed after all.
  const stillDirty = (observed: (typeof local.linked)[number]) => {
    if (observed.source === 'live') return true;
    const last = Math.max(...(local.branchReflogs.find((log) => log.owner === observed.branch)?.entries.map((entry) => entry.time) ?? [0]));
    return observed.seenAt === undefined || observed.seenAt >= last;
  };
  const unknown = local.linked.find((observed) => observed.source === 'live' && observed.statusProblem !== undefined);
  if (unknown !== undefined) {
    throw new EnvironmentError(
      `whether ${unknown.path} holds uncommitted work is unknown: ${unknown.statusProblem}`,
      `Look yourself, then grade again: ${formatCommand(['git', '-C', unknown.path, 'status'])}`,
    );
  }
  const dirty = local.linked.filter((observed) => ownWork(observed).length > 0 && stillDirty(observed));
  const first = dirty[0];
  if (first !== undefined) {
    const gone = !evidence.local.worktrees.some((record) => record.path === first.path && record.prunable !== true);
    return fail({
      message: gone
        ? `${first.path} had uncommitted work when it was removed: it was thrown away.`
        : `${first.path} has uncommitted work that removing it would throw away.`,
      hint: gone
        ? 'Recover what you can from the snapshot notes, and next time commit first: git -C <worktree> commit -am "..."'
        : `Commit it there first: ${commitWorkCommand(first)}`,
      evidence: ownWork(first).slice(0, 6).join('\n'),
    });
  }
  // Folders a record points at that this submission does not hold (an archive of the main folder): their work cannot be seen.
  const unseen = local.worktrees.filter((record) => record.prunable !== true && !local.linked.some((observed) => observed.path === record.path));
  if (unseen.length > 0) {
    return skip({
      message: `${unseen.map((record) => record.path).join(', ')} ${unseen.length === 1 ? 'is' : 'are'} not in this submission, so whether ${unseen.length === 1 ? 'it holds' : 'they hold'} uncommitted work cannot be seen.`,
      hint: `Grade the folder itself, next to its worktrees: ${GRADE_FOLDER}`,
    });
  }
  return pass({ message: 'No uncommitted work is left in a worktree or was thrown away with one.' });
}

export default defineCriterion({
  id: 'cleaned-up',
  title: 'Only the main worktree is left, nothing stale and nothing lost',
  points: 20,
  checks: [
    { id: 'only-main-worktree', title: 'Only the main worktree is left', run: withRecord(onlyMainWorktree, { afterCleanup: true }) },
    { id: 'no-stale-records', title: 'No stale or locked records in .git/worktrees', run: withRecord(noStaleRecords, { afterCleanup: true }) },
    { id: 'no-stray-siblings', title: 'No stray worktree folders beside the repository', run: withRecord(noStraySiblings, { afterCleanup: true }) },
    { id: 'nothing-lost', title: 'No uncommitted work left behind or thrown away', run: withRecord(nothingLost, { afterCleanup: true }) },
  ],
});
