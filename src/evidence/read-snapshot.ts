import { join } from 'node:path';
import { readSmallFile } from './read-small-file.js';
import type { LinkedWorktreeObservation, Reflog, WorktreeRecord } from './types.js';

/** Where `wtlab snapshot` keeps what cleanup would destroy, inside the learner's git dir. */
export const SNAPSHOT_FILE = join('wtlab', 'evidence.json');

/**
 * The snapshot file's shape (schemaVersion 1): observations of linked worktrees and their HEAD
 * reflogs, recorded while they existed. Any field may be missing; unknown fields are ignored.
 */
export interface SnapshotFile {
  readonly schemaVersion: 1;
  /** When the snapshot was taken (seconds). */
  readonly takenAt?: number;
  readonly linked?: readonly Omit<LinkedWorktreeObservation, 'source'>[];
  /** HEAD reflogs of linked worktrees, `owner` being the worktree id. */
  readonly headReflogs?: readonly Reflog[];
  /** The git version that took it. */
  readonly git?: string;
  /** The `.git/worktrees/<id>` records at the time (kept as a record; grading reads `linked`). */
  readonly worktrees?: readonly WorktreeRecord[];
}

export interface SnapshotRead {
  readonly linked: readonly LinkedWorktreeObservation[];
  readonly headReflogs: readonly Reflog[];
  /** Why a snapshot file that exists was not used. */
  readonly problem?: string;
  /** The file exists (used or not). */
  readonly present?: boolean;
  readonly takenAt?: number;
  readonly git?: string;
  /** Every object id the file names (reflog entries, worktree heads), to check against the repository. */
  readonly named?: readonly string[];
  /** Reflog entries that are not well-formed (a hand-edited file). */
  readonly malformed?: number;
}

/** A plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `.git/wtlab/evidence.json` when there is one; a missing file is simply no snapshot. */
export async function readSnapshot(gitDir: string): Promise<SnapshotRead> {
  const text = await readSmallFile(join(gitDir, SNAPSHOT_FILE));
  if (text === undefined) return { linked: [], headReflogs: [] };
  return parseSnapshot(text, { label: SNAPSHOT_FILE });
}

/** Parses a snapshot's text (`label` names the file in problems); anything unusable is a `problem`, never a throw. */
export function parseSnapshot(text: string, options: { readonly label: string }): SnapshotRead {
  const label = options.label;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { linked: [], headReflogs: [], present: true, problem: `${label} is not valid JSON` };
  }
  if (!isObject(parsed) || parsed.schemaVersion !== 1) return { linked: [], headReflogs: [], present: true, problem: `${label} has no schemaVersion 1` };
  const file = parsed as unknown as SnapshotFile;
  const linked = (Array.isArray(file.linked) ? file.linked : [])
    .filter((entry) => isObject(entry) && typeof entry.path === 'string')
    .map((entry): LinkedWorktreeObservation => ({
      source: 'snapshot',
      path: entry.path,
      branch: typeof entry.branch === 'string' ? entry.branch : undefined,
      hasTasksJson: entry.hasTasksJson === true,
      tasksJson: ['ignored', 'untracked', 'tracked', 'absent'].includes(entry.tasksJson) ? entry.tasksJson : 'absent',
      uncommitted: Array.isArray(entry.uncommitted) ? entry.uncommitted.filter((line: unknown): line is string => typeof line === 'string') : [],
      ...(typeof entry.seenAt === 'number' ? { seenAt: entry.seenAt } : typeof file.takenAt === 'number' ? { seenAt: file.takenAt } : {}),
    }));
  const headReflogs = (Array.isArray(file.headReflogs) ? file.headReflogs : []).filter(
    (log) => isObject(log) && typeof log.owner === 'string' && typeof log.ref === 'string' && Array.isArray(log.entries),
  );
  const entries = headReflogs.flatMap((log) => log.entries as readonly unknown[]);
  const malformed = entries.filter((entry) => !isReflogEntry(entry)).length;
  const heads = (Array.isArray(file.worktrees) ? file.worktrees : []).flatMap((record) =>
    isObject(record) && typeof record.head === 'string' ? [record.head] : [],
  );
  const named = [...new Set([...entries.filter(isReflogEntry).flatMap((entry) => [entry.old, entry.new]), ...heads])].filter((id) => !/^0+$/.test(id));
  return {
    linked,
    headReflogs,
    present: true,
    named,
    malformed,
    ...(typeof file.takenAt === 'number' ? { takenAt: file.takenAt } : {}),
    ...(typeof file.git === 'string' ? { git: file.git } : {}),
  };
}

/** Whether a value is a well-formed reflog entry (`old`, `new`, `time`, `message`, `action`). */
export function isReflogEntry(entry: unknown): entry is Reflog['entries'][number] {
  return (
    isObject(entry) &&
    typeof entry.old === 'string' &&
    typeof entry.new === 'string' &&
    typeof entry.time === 'number' &&
    typeof entry.message === 'string' &&
    typeof entry.action === 'string'
  );
}
