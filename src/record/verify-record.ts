import { isObjectId } from '../evidence/verify-snapshot.js';
import type { CommitInfo, LocalRecords, RecordStatus, Reflog } from '../evidence/types.js';
import { RECORD_FILE, type RecordRead } from './record-file.js';

/** How far (seconds) a `commit` reflog entry's time may be from its commit's committer time: git writes both from one clock reading. */
const SAME_MOMENT_SECONDS = 2;

/** The repository a record is checked against: its walked history, its branch tips, and the type of each other id the record names. */
export interface RecordRepository {
  readonly commits: readonly CommitInfo[];
  readonly branches: readonly { readonly name: string; readonly tip: string }[];
  /** Type of each id the record names that is not in `commits` (one `git cat-file --batch-check`); undefined when missing. */
  readonly objectTypes: ReadonlyMap<string, string | undefined>;
}

const short = (id: string) => id.slice(0, 7);
const isZero = (id: string) => /^0+$/.test(id);

/** Every reflog a record quotes. */
export function quotedReflogs(read: RecordRead): Reflog[] {
  return [...(read.mainHeadReflog ? [read.mainHeadReflog] : []), ...read.snapshot.headReflogs, ...read.branchReflogs];
}

/** Rewrites that leave the commits before them unreachable (a rebase, a reset, an amended commit). */
const REWRITE = /^(rebase|reset)|amend/;

/** A reflog's entries from its last rewrite on (that rewrite's `old` left out): the commits the repository still has to hold. */
function keptHistory(log: Reflog): Reflog['entries'] {
  const last = log.entries.findLastIndex((entry) => REWRITE.test(entry.action));
  const rewrite = log.entries[last];
  if (rewrite === undefined) return log.entries;
  return [{ ...rewrite, old: '0'.repeat(40) }, ...log.entries.slice(last + 1)];
}

/**
 * Every commit id a record names that must be in the repository (before a rewrite, a reflog may name commits gone since): the entries of the linked worktrees' HEAD reflogs
 * and of branch reflogs, and the worktree records' heads. The main folder's HEAD reflog may name commits no branch
 * kept (a try-out on a branch deleted since), which no clone has: those are checked only where the clone has them.
 */
export function namedIds(read: RecordRead): string[] {
  const fromLogs = [...read.snapshot.headReflogs, ...read.branchReflogs].flatMap((log) => keptHistory(log).flatMap((entry) => [entry.old, entry.new]));
  const heads = read.worktrees.flatMap((record) => (record.head ? [record.head] : []));
  return [...new Set([...fromLogs, ...heads])].filter((id) => !isZero(id));
}

function ancestorsOf(byHash: ReadonlyMap<string, CommitInfo>, tip: string): Set<string> {
  const seen = new Set<string>();
  const stack = [tip];
  while (stack.length > 0) {
    const hash = stack.pop() as string;
    if (seen.has(hash)) continue;
    seen.add(hash);
    stack.push(...(byHash.get(hash)?.parents ?? []));
  }
  return seen;
}

/** The first way a record contradicts the repository, or undefined when it agrees with everything that can be checked. */
function contradiction(read: RecordRead, repository: RecordRepository): string | undefined {
  const byHash = new Map(repository.commits.map((commit) => [commit.hash, commit]));
  const ids = namedIds(read);
  const notIds = ids.filter((id) => !isObjectId(id));
  if (notIds.length > 0) return `it names ${JSON.stringify(notIds[0]?.slice(0, 64))}, which is not a commit id`;
  const missing = ids.filter((id) => !byHash.has(id) && repository.objectTypes.get(id) !== 'commit');
  if (missing.length > 0)
    return `it names commit ${short(missing[0] as string)}${missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''}, which is not in this repository`;
  const latest = Math.max(0, ...quotedReflogs(read).flatMap((log) => log.entries.map((entry) => entry.time)));
  const takenAt = read.snapshot.takenAt;
  if (takenAt !== undefined && takenAt + SAME_MOMENT_SECONDS < latest)
    return `it says it was taken at ${new Date(takenAt * 1000).toISOString()}, before the reflog entries it quotes`;
  for (const log of quotedReflogs(read)) {
    for (const [index, entry] of log.entries.entries()) {
      const previous = log.entries[index - 1];
      if (previous !== undefined && entry.old !== previous.new && !isZero(entry.old))
        return `${log.ref} jumps from ${short(previous.new)} to an entry that starts at ${short(entry.old)}`;
      if (!entry.action.startsWith('commit')) continue;
      const commit = byHash.get(entry.new);
      if (commit === undefined) continue;
      if (Math.abs(commit.commitTime - entry.time) > SAME_MOMENT_SECONDS) {
        return `${log.ref} says commit ${short(entry.new)} was made at ${new Date(entry.time * 1000).toISOString()}, but the commit says ${new Date(commit.commitTime * 1000).toISOString()}`;
      }
      const amend = entry.action.includes('amend');
      if (!amend && !isZero(entry.old) && commit.parents[0] !== entry.old)
        return `${log.ref} says commit ${short(entry.new)} was made on ${short(entry.old)}, but its parent is ${short(commit.parents[0] ?? 'none')}`;
    }
  }
  for (const record of read.worktrees) {
    const log = read.snapshot.headReflogs.find((candidate) => candidate.owner === record.id);
    const last = log?.entries.at(-1);
    if (record.head !== undefined && last !== undefined && last.new !== record.head)
      return `worktree ${record.id}'s HEAD is ${short(record.head)}, but its reflog ends at ${short(last.new)}`;
  }
  const tips = repository.branches.map((branch) => branch.tip).filter((tip) => byHash.has(tip));
  const reachable = new Set(tips.flatMap((tip) => [...ancestorsOf(byHash, tip)]));
  for (const log of read.branchReflogs) {
    const last = log.entries.at(-1);
    const branch = repository.branches.find((candidate) => candidate.name === log.owner);
    if (last === undefined || branch === undefined || !byHash.has(branch.tip)) continue;
    if (!ancestorsOf(byHash, branch.tip).has(last.new) && !reachable.has(last.new))
      return `it says ${log.owner} was at ${short(last.new)}, which is in no branch's history here`;
  }
  return undefined;
}

/**
 * Checks a committed record against the repository before grading may use it: every commit it names exists; each
 * `commit` entry it quotes sits on the parent its reflog says and carries the commit's own time; its reflogs run
 * on without gaps; each worktree's HEAD is where its reflog ends; a branch it quotes is still in some branch's history;
 * it was taken after what it quotes. Anything wrong and the whole record is ignored, with the reason.
 */
export function verifyRecord(read: RecordRead, repository: RecordRepository): RecordStatus {
  const about = {
    ...(read.snapshot.takenAt !== undefined ? { takenAt: read.snapshot.takenAt } : {}),
    ...(read.snapshot.git !== undefined ? { git: read.snapshot.git } : {}),
  };
  if (read.problem !== undefined) return { state: 'ignored', problem: read.problem, afterCleanup: false, ...about };
  const contradicted = contradiction(read, repository);
  if (contradicted !== undefined)
    return { state: 'ignored', problem: `${RECORD_FILE} contradicts the repository: ${contradicted}`, afterCleanup: false, ...about };
  const view: LocalRecords = {
    mainWorktree: '',
    worktrees: read.worktrees,
    linked: read.snapshot.linked,
    siblings: read.siblings ?? [],
    mergeHead: undefined,
    headReflogs: [...(read.mainHeadReflog ? [read.mainHeadReflog] : []), ...read.snapshot.headReflogs],
    branchReflogs: read.branchReflogs,
    mainUncommitted: [],
  };
  // Cleanup shows in a record taken when no linked worktree was live any more (and that looked beside the repository).
  const afterCleanup = read.siblings !== undefined && read.worktrees.every((record) => record.prunable === true);
  return { state: 'used', afterCleanup, view, ...about };
}
