import type { SubmissionKind } from '../evidence/types.js';

/** A submission made ready to read: a repository on disk, and what it came from. */
export interface OpenedSubmission {
  readonly kind: SubmissionKind;
  /** The path or URL as shown: as given, but a URL's password or token hidden (`submissionLabel`). */
  readonly source: string;
  /** The common git dir (`.git` of the main worktree, or a bare repo). */
  readonly gitDir: string;
  /** The main worktree folder; undefined for a bare clone. */
  readonly mainWorktree: string | undefined;
  /** For an archive: the folder it was unpacked into, which every path of its repository must stay inside. */
  readonly unpackedRoot?: string;
  /** A private temp folder for this submission (HOME, exports, unpacked archives). */
  readonly scratch: string;
  /** Removes the temp folder. */
  close(): Promise<void>;
}

/** Limits for unpacking an archive. */
export interface ExtractLimits {
  /** @default 20000 */
  readonly maxEntries: number;
  /** Total bytes of all files. @default 512 MiB */
  readonly maxBytes: number;
  /** A zip entry over 1 MiB that unpacks to more than this many times its packed size is refused; tar.gz streams stop at it too. @default 200 */
  readonly maxRatio?: number;
}

export const DEFAULT_LIMITS: ExtractLimits = { maxEntries: 20_000, maxBytes: 512 * 1024 * 1024, maxRatio: 200 };
