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
 * cleanup, which only a record taken again after cleanup can show (a record taken before it proves nothing there).
 * Without a usable record, the check runs on the submission as it is (and skips for want of records).
 */
export function withRecord(run: (evidence: Evidence) => CheckOutcome, options: { readonly afterCleanup: boolean }): (evidence: Evidence) => CheckOutcome {
  return (evidence) => {
    const record = evidence.record;
    if (evidence.local !== undefined || record?.state !== 'used' || record.view === undefined) return run(evidence);
    if (options.afterCleanup && !record.afterCleanup) {
      return skip({
        message: `The committed ${RECORD_FILE} was ${takenAt(evidence)} while linked worktrees still existed, so it cannot show the cleanup.`,
        hint: `Run wtlab snapshot again after cleaning up (wtlab quiz does it too), then commit it: git add ${RECORD_FILE} && git commit -m "Record the cleanup"`,
      });
    }
    const outcome = run({ ...evidence, local: record.view, submission: { ...evidence.submission, localRecords: true, siblingFolders: options.afterCleanup } });
    if (outcome.status === 'skip') return outcome;
    return { ...outcome, message: `${outcome.message} (From the committed ${RECORD_FILE}, ${takenAt(evidence)}, checked against the repository.)` };
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
