import { SAFE_DIFF_ARGS } from '../git/safe-config.js';
import type { ChangedFile, CommitInfo } from './types.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';

const RECORD = '\x1e';
const FIELD = '\x1f';
const MAX_LINES = 400;

/** Undoes git's C-style quoting of unusual paths (`"a\tb"`). */
function unquotePath(path: string): string {
  if (!path.startsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i += 1) {
    const char = body[i] ?? '';
    if (char !== '\\') {
      bytes.push(...Buffer.from(char, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(({ n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 } as Record<string, number>)[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Parses one record of our `git log --raw -p` format into a commit. */
export function parseCommitRecord(record: string): CommitInfo | undefined {
  const newline = record.indexOf('\n');
  const header = newline === -1 ? record : record.slice(0, newline);
  const [hash, parents, authorTime, commitTime, subject] = header.split(FIELD);
  if (hash === undefined || !/^[0-9a-f]{40,64}$/.test(hash)) return undefined;
  const files: ChangedFile[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  let inHunk = false;
  for (const line of newline === -1 ? [] : record.slice(newline + 1).split('\n')) {
    if (line.startsWith(':') && !inHunk) {
      const tab = line.indexOf('\t');
      const status = line.slice(0, tab).split(' ').pop() ?? '';
      files.push({ status: status.charAt(0), path: unquotePath(line.slice(tab + 1)) });
    } else if (line.startsWith('diff --git ')) {
      inHunk = false;
    } else if (line.startsWith('@@')) {
      inHunk = true;
    } else if (inHunk && line.startsWith('+')) {
      if (added.length < MAX_LINES) added.push(line.slice(1));
    } else if (inHunk && line.startsWith('-')) {
      if (removed.length < MAX_LINES) removed.push(line.slice(1));
    }
  }
  return {
    hash,
    parents: parents ? parents.split(' ').filter(Boolean) : [],
    authorTime: Number(authorTime),
    commitTime: Number(commitTime),
    subject: subject ?? '',
    files,
    added,
    removed,
  };
}

/** Reads every commit reachable from the given tips (tips no longer in the repo are left out) in one `git log`, with changed files and added/removed lines. */
export async function readCommits(reader: ReadOnlyGit, tips: readonly string[]): Promise<CommitInfo[]> {
  if (tips.length === 0) return [];
  const result = expectOk(
    await reader.inView(
      ['log', '--stdin', '--ignore-missing', '--topo-order', `--format=${RECORD}%H${FIELD}%P${FIELD}%at${FIELD}%ct${FIELD}%s`, '--raw', '-p', '-U0', '--no-renames', ...SAFE_DIFF_ARGS, '--no-color', '--no-abbrev'],
      `${[...new Set(tips)].join('\n')}\n`,
    ),
  );
  return result.stdout
    .split(RECORD)
    .map((record) => parseCommitRecord(record))
    .filter((commit): commit is CommitInfo => commit !== undefined);
}
