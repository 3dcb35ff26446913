import { SNAPSHOT_FILE, type SnapshotRead } from './read-snapshot.js';
import type { Reflog, SnapshotStatus } from './types.js';

/** A snapshot checked against the repository: what grading may add from it, and what became of it. */
export interface VerifiedSnapshot {
  readonly linked: SnapshotRead['linked'];
  readonly headReflogs: SnapshotRead['headReflogs'];
  /** Undefined when there is no snapshot file. */
  readonly status: SnapshotStatus | undefined;
}

const short = (id: string) => id.slice(0, 7);

/** A full SHA-1 or SHA-256 object id, the only names a snapshot may use. */
export function isObjectId(id: string): boolean {
  return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(id);
}

/** A commit the repository's own HEAD reflogs say was made in one worktree, while the snapshot says another. */
function contradiction(snapshotLogs: readonly Reflog[], liveLogs: readonly Reflog[]): string | undefined {
  const madeIn = new Map<string, string>();
  for (const log of liveLogs) for (const entry of log.entries) if (entry.action.startsWith('commit')) madeIn.set(entry.new, log.owner);
  for (const log of snapshotLogs) {
    for (const entry of log.entries) {
      const owner = madeIn.get(entry.new);
      if (entry.action.startsWith('commit') && owner !== undefined && owner !== log.owner) {
        return `it says commit ${short(entry.new)} was made in worktree ${log.owner}, but the repository's own reflog shows it was made in ${owner === 'main' ? 'the main folder' : owner}`;
      }
    }
  }
  return undefined;
}

/**
 * Checks a snapshot against the repository before grading may use it: every commit it names must be
 * there (`objectTypes`: what the repository holds under each id it names), and it may not contradict
 * the repository's own reflogs. It only adds what the repository lacks (removed worktrees); anything
 * wrong and the whole file is ignored, with the reason.
 */
export function verifySnapshot(read: SnapshotRead, liveHeadReflogs: readonly Reflog[], objectTypes: ReadonlyMap<string, string | undefined>): VerifiedSnapshot {
  if (read.present !== true) return { linked: [], headReflogs: [], status: undefined };
  const about = { ...(read.takenAt !== undefined ? { takenAt: read.takenAt } : {}), ...(read.git !== undefined ? { git: read.git } : {}) };
  const ignore = (problem: string): VerifiedSnapshot => ({ linked: [], headReflogs: [], status: { state: 'ignored', problem, adds: [], ...about } });
  if (read.problem !== undefined) return ignore(read.problem);
  if ((read.malformed ?? 0) > 0) return ignore(`${SNAPSHOT_FILE} has ${read.malformed} reflog entries that are not well-formed`);
  const named = read.named ?? [];
  const notIds = named.filter((id) => !isObjectId(id));
  if (notIds.length > 0) return ignore(`${SNAPSHOT_FILE} names ${JSON.stringify(notIds[0]?.slice(0, 64))}, which is not a commit id`);
  const missing = named.filter((id) => objectTypes.get(id) !== 'commit');
  if (missing.length > 0)
    return ignore(
      `${SNAPSHOT_FILE} names commit ${short(missing[0] as string)}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}, which is not in this repository`,
    );
  const contradicted = contradiction(read.headReflogs, liveHeadReflogs);
  if (contradicted !== undefined) return ignore(`${SNAPSHOT_FILE} contradicts the repository: ${contradicted}`);
  return { linked: read.linked, headReflogs: read.headReflogs, status: { state: 'used', adds: [], ...about } };
}
