import type { Reflog, ReflogEntry } from './types.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';

/** Fields of one entry, each ended by NUL (`%x00`, and `-z` after the last): no ref name, hash or reflog message can hold a NUL. */
const FIELDS_PER_ENTRY = 3;
const ZERO = /^0+$/;

function entryOf(old: string, now: string, time: number, message: string): ReflogEntry {
  const colon = message.indexOf(':');
  return { old, new: now, time, message, action: colon === -1 ? message : message.slice(0, colon) };
}

/** One reflog git is asked for: the ref's full name as git knows it, and who it belongs to. */
export interface ReflogRequest {
  /** `HEAD`, `worktrees/<id>/HEAD` or `refs/heads/<branch>`. */
  readonly ref: string;
  /** `main`, the worktree id, or the branch's short name. */
  readonly owner: string;
}

/**
 * Parses the output of our `git log -g -z` (see `readReflogs`): entries `<ref>@{<unix time>}\0<new>\0<message>\0`,
 * newest first within each ref. NUL frames every field, and git never prints a NUL inside one (a reflog message is
 * a C string), so no commit subject can add or shift an entry. Returns entries oldest first, as a reflog file lists
 * them; each entry's `old` is the entry before it (git does not print it), the oldest one's is all zeros.
 */
export function parseReflogWalk(output: string): Map<string, ReflogEntry[]> {
  const newestFirst = new Map<string, { time: number; now: string; message: string }[]>();
  const fields = output.split('\0');
  for (let at = 0; at + FIELDS_PER_ENTRY <= fields.length; at += FIELDS_PER_ENTRY) {
    const [selector = '', now = '', message = ''] = fields.slice(at, at + FIELDS_PER_ENTRY);
    const cut = selector.lastIndexOf('@{');
    const time = Number(selector.slice(cut + 2, -1));
    if (cut <= 0 || !selector.endsWith('}') || !Number.isInteger(time) || !/^[0-9a-f]{40,64}$/.test(now)) continue;
    const ref = selector.slice(0, cut);
    const list = newestFirst.get(ref) ?? [];
    list.push({ time, now, message });
    newestFirst.set(ref, list);
  }
  const logs = new Map<string, ReflogEntry[]>();
  for (const [ref, list] of newestFirst) {
    const oldestFirst = [...list].reverse();
    logs.set(
      ref,
      oldestFirst.map((entry, index) => entryOf(oldestFirst[index - 1]?.now ?? '0'.repeat(entry.now.length), entry.now, entry.time, entry.message)),
    );
  }
  return logs;
}

/** A ref name safe to pass to git as a revision (no option, no revision syntax). */
function isPlainRef(ref: string): boolean {
  return !ref.startsWith('-') && !/[\s~^:?*[\\]|\.\.|@\{/.test(ref);
}

/**
 * Reads the asked-for reflogs with one `git log -g` (so both ref formats, files and reftable, read the
 * same), in the repository's git dir. A ref without a reflog, or that does not exist, gives no `Reflog`.
 * Entries whose commit is gone are left out by git. Times are Unix seconds. Throws a one-line
 * UserError when git cannot read them. `--ignore-missing` also skips a reflog git may not open, as if it were
 * absent: such a file never gets here, since `checkGitDirFiles` (run by `makeReadOnlyGit`) refuses any git dir
 * entry this process cannot read.
 */
export async function readReflogs(reader: ReadOnlyGit, requests: readonly ReflogRequest[]): Promise<Reflog[]> {
  const asked = requests.filter((request) => isPlainRef(request.ref));
  if (asked.length === 0) return [];
  const result = expectOk(
    await reader.inRepo(
      ['log', '-g', '--ignore-missing', '--date=unix', '--no-color', '-z', '--format=%gD%x00%H%x00%gs', ...asked.map((request) => request.ref), '--'],
      reader.gitDir,
    ),
  );
  const walked = parseReflogWalk(result.stdout);
  return asked.flatMap((request) => {
    const entries = walked.get(request.ref);
    return entries === undefined || entries.every((entry) => ZERO.test(entry.new)) ? [] : [{ ref: request.ref, owner: request.owner, entries }];
  });
}
