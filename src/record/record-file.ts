import { isObject, isReflogEntry, parseSnapshot, type SnapshotFile } from '../evidence/read-snapshot.js';
import type { Reflog, SiblingFolder, WorktreeRecord } from '../evidence/types.js';

/**
 * The record that travels with a push: `wtlab snapshot` writes it beside the app in the main worktree, the learner
 * commits it on `main`, and grading a clone reads it from `main`'s tree.
 */
export const RECORD_FILE = 'worktree-evidence.json';

/** A record larger than this (bytes) is not read: a snapshot of the lab is a few KiB. */
export const RECORD_MAX_BYTES = 1024 * 1024;

/**
 * The record's shape (schemaVersion 1): the snapshot's fields (linked worktrees seen, their HEAD reflogs, the
 * `.git/worktrees` records at `takenAt`) plus what a clone lacks to date them: the main worktree's HEAD reflog,
 * the feature branches' reflogs, and the folders beside the repository at `takenAt`.
 */
export interface RecordFile extends SnapshotFile {
  readonly mainHeadReflog?: Reflog;
  readonly branchReflogs?: readonly Reflog[];
  readonly siblings?: readonly SiblingFolder[];
}

/** A record as read, before it is checked against the repository. */
export interface RecordRead {
  readonly snapshot: ReturnType<typeof parseSnapshot>;
  readonly worktrees: readonly WorktreeRecord[];
  readonly mainHeadReflog: Reflog | undefined;
  readonly branchReflogs: readonly Reflog[];
  readonly siblings: readonly SiblingFolder[] | undefined;
  /** Why it cannot be used at all (not JSON, malformed), before any check against the repository. */
  readonly problem?: string;
}

function isReflog(value: unknown): value is Reflog {
  return (
    isObject(value) && typeof value.ref === 'string' && typeof value.owner === 'string' && Array.isArray(value.entries) && value.entries.every(isReflogEntry)
  );
}

function isWorktreeRecord(value: unknown): value is WorktreeRecord {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.path === 'string' &&
    (value.branch === undefined || typeof value.branch === 'string') &&
    (value.head === undefined || typeof value.head === 'string')
  );
}

function isSibling(value: unknown): value is SiblingFolder {
  return isObject(value) && typeof value.name === 'string' && typeof value.path === 'string' && typeof value.registered === 'boolean';
}

/** Parses a record's text; a malformed part makes the whole record unusable (`problem`), never a throw. */
export function parseRecord(text: string): RecordRead {
  const snapshot = parseSnapshot(text, { label: RECORD_FILE });
  const empty = { snapshot, worktrees: [], mainHeadReflog: undefined, branchReflogs: [], siblings: undefined };
  if (snapshot.problem !== undefined) return { ...empty, problem: snapshot.problem };
  const file = JSON.parse(text) as Record<string, unknown>;
  const worktrees = Array.isArray(file.worktrees) ? file.worktrees : [];
  const branchReflogs = Array.isArray(file.branchReflogs) ? file.branchReflogs : [];
  const siblings = Array.isArray(file.siblings) ? file.siblings : undefined;
  const malformed =
    (!worktrees.every(isWorktreeRecord) && 'worktrees') ||
    (file.mainHeadReflog !== undefined && !isReflog(file.mainHeadReflog) && 'mainHeadReflog') ||
    (!branchReflogs.every(isReflog) && 'branchReflogs') ||
    (siblings !== undefined && !siblings.every(isSibling) && 'siblings') ||
    ((snapshot.malformed ?? 0) > 0 && 'headReflogs') ||
    undefined;
  if (malformed) return { ...empty, problem: `${RECORD_FILE} has a malformed ${malformed} entry` };
  return {
    snapshot,
    worktrees: worktrees as WorktreeRecord[],
    mainHeadReflog: isReflog(file.mainHeadReflog) ? file.mainHeadReflog : undefined,
    branchReflogs: branchReflogs as Reflog[],
    siblings: siblings as SiblingFolder[] | undefined,
  };
}
