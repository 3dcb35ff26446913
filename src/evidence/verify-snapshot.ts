import type { ReadOnlyGit } from './read-only-git.js';
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

/** Object ids the repository does not have as commits, from one `git cat-file --batch-check`. */
async function missingCommits(reader: ReadOnlyGit, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const result = await reader.inView(['cat-file', '--batch-check=%(objectname) %(objecttype)'], `${ids.join('\n')}\n`);
  if (result.exitCode !== 0) return [...ids];
  const lines = result.stdout.split('\n');
  return ids.filter((id, index) => lines[index] !== `${id} commit`);
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
 * there, and it may not contradict the repository's own reflogs. It only adds what the repository
 * lacks (removed worktrees); anything wrong and the whole file is ignored, with the reason.
 */
export async function verifySnapshot(reader: ReadOnlyGit, read: SnapshotRead, liveHeadReflogs: readonly Reflog[]): Promise<VerifiedSnapshot> {
  if (read.present !== true) return { linked: [], headReflogs: [], status: undefined };
  const about = { ...(read.takenAt !== undefined ? { takenAt: read.takenAt } : {}), ...(read.git !== undefined ? { git: read.git } : {}) };
  const ignore = (problem: string): VerifiedSnapshot => ({ linked: [], headReflogs: [], status: { state: 'ignored', problem, adds: [], ...about } });
  if (read.problem !== undefined) return ignore(read.problem);
  if ((read.malformed ?? 0) > 0) return ignore(`${SNAPSHOT_FILE} has ${read.malformed} reflog entries that are not well-formed`);
  const named = read.named ?? [];
  const notIds = named.filter((id) => !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(id));
  if (notIds.length > 0) return ignore(`${SNAPSHOT_FILE} names ${JSON.stringify(notIds[0]?.slice(0, 64))}, which is not a commit id`);
  const missing = await missingCommits(reader, named);
  if (missing.length > 0) return ignore(`${SNAPSHOT_FILE} names commit ${short(missing[0] as string)}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}, which is not in this repository`);
  const contradicted = contradiction(read.headReflogs, liveHeadReflogs);
  if (contradicted !== undefined) return ignore(`${SNAPSHOT_FILE} contradicts the repository: ${contradicted}`);
  return { linked: read.linked, headReflogs: read.headReflogs, status: { state: 'used', adds: [], ...about } };
}
