import type { CommitInfo, RecordStatus } from '../evidence/types.js';
import { parseRecord, RECORD_FILE, RECORD_MAX_BYTES } from './record-file.js';
import { namedIds, verifyRecord } from './verify-record.js';

export interface CommittedRecordOptions {
  /** The repository's walked history. */
  readonly commits: readonly CommitInfo[];
  readonly branches: readonly { readonly name: string; readonly tip: string }[];
  /** Asks the repository what type each id is (one `git cat-file --batch-check`); called only for ids outside `commits`. */
  readonly objectTypes: (ids: readonly string[]) => Promise<ReadonlyMap<string, string | undefined>>;
}

/**
 * The committed record's fate: undefined when `main` has none; else read, checked against the repository and
 * `used` or `ignored` with the reason (a record is the learner's own writing, never trusted on its word).
 */
export async function checkCommittedRecord(text: string | null | undefined, options: CommittedRecordOptions): Promise<RecordStatus | undefined> {
  if (text === undefined || text === null) return undefined;
  if (Buffer.byteLength(text, 'utf8') > RECORD_MAX_BYTES)
    return { state: 'ignored', problem: `${RECORD_FILE} is larger than ${RECORD_MAX_BYTES} bytes`, afterCleanup: false };
  const read = parseRecord(text);
  const known = new Set(options.commits.map((commit) => commit.hash));
  const unknown = read.problem === undefined ? namedIds(read).filter((id) => !known.has(id) && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(id)) : [];
  const objectTypes = unknown.length > 0 ? await options.objectTypes(unknown) : new Map<string, string | undefined>();
  return verifyRecord(read, { commits: options.commits, branches: options.branches, objectTypes });
}
