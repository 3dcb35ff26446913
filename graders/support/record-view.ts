import type { Evidence } from '../../src/evidence/types.js';
import { skip, type CheckOutcome } from '../../src/grade/define-criterion.js';
import { RECORD_FILE } from '../../src/record/record-file.js';
import { missingLocal } from './lab-facts.js';
import { APP_FOLDER } from '../lab.js';

/** What a learner does so that a clone (a course's CI) can grade what only the folder shows. */
export const RECORD_HINT = `In ${APP_FOLDER}, run wtlab snapshot before cleaning up and again after it, then commit the record: git add ${RECORD_FILE} && git commit -m "Record the worktrees"`;

/** The record's date as the report shows it. */
function takenAt(evidence: Evidence): string {
  const time = evidence.record?.takenAt;
  return time === undefined ? 'at an unknown time' : `taken ${new Date(time * 1000).toISOString()}`;
}

/**
 * A check run on what the committed record saw when the submission has no local records of its own (a clone),
 * its message saying so; the submission's own records always come first. `afterCleanup`: the check is about
 * cleanup; a record last taken while linked worktrees were live is judged as it stands (the learner's last word:
 * the worktrees still there fail, folders beside the repository unseen), its hint saying to take the record again
 * if they are gone since; a record that never looked beside the repository cannot show the cleanup (skip).
 * Without a usable record, the check runs on the submission as it is (and skips for want of records).
 */
export function withRecord(run: (evidence: Evidence) => CheckOutcome, options: { readonly afterCleanup: boolean }): (evidence: Evidence) => CheckOutcome {
  return (evidence) => {
    const record = evidence.record;
    if (evidence.local !== undefined || record?.state !== 'used' || record.view === undefined) return run(evidence);
    const beforeCleanup = options.afterCleanup && !record.afterCleanup;
    const live = record.view.worktrees.filter((worktree) => worktree.prunable !== true);
    if (beforeCleanup && live.length === 0) {
      return skip({
        message: `The committed ${RECORD_FILE} was ${takenAt(evidence)} without looking beside the repository, so it cannot show the cleanup.`,
        hint: `Run wtlab snapshot again after cleaning up (wtlab quiz does it too), then commit it: git add ${RECORD_FILE} && git commit -m "Record the cleanup"`,
      });
    }
    // A record last taken while linked worktrees were live is the learner's last word: judged as it stands.
    const siblingFolders = options.afterCleanup && !beforeCleanup;
    const outcome = run({ ...evidence, local: record.view, submission: { ...evidence.submission, localRecords: true, siblingFolders } });
    if (outcome.status === 'skip') return outcome;
    const message = `${outcome.message} (From the committed ${RECORD_FILE}, ${takenAt(evidence)}, checked against the repository.)`;
    if (!beforeCleanup || outcome.status !== 'fail') return { ...outcome, message };
    const again = `If you have cleaned up since, take the record again and commit it: wtlab snapshot && git add ${RECORD_FILE} && git commit -m "Record the cleanup"`;
    return { ...outcome, message, hint: outcome.hint === undefined ? again : `${outcome.hint} ${again}` };
  };
}

/** The skip for a submission without local records: why, and how to get it graded (a committed record; or why the one there is ignored). */
export function skipForRecords(evidence: Evidence, what: string): CheckOutcome {
  const record = evidence.record;
  if (record?.state === 'ignored') {
    return skip({
      message: `${what} cannot be seen: ${missingLocal(evidence)}, and the committed ${RECORD_FILE} is ignored: ${record.problem ?? 'it does not match the repository'}.`,
      hint: `Take it again while both linked worktrees exist: ${RECORD_HINT}`,
    });
  }
  return skip({ message: `${what} cannot be seen: ${missingLocal(evidence)}.`, hint: RECORD_HINT });
}
