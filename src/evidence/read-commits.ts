import { SAFE_DIFF_ARGS } from '../git/safe-config.js';
import type { ChangedFile, CommitInfo } from './types.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';
import { UserError } from '../errors/user-error.js';

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

/** Starts a commit's header line: `\x01HASH TREE AUTHOR-TIME COMMIT-TIME PARENTS...\x02SUBJECT`. */
const HEADER = '\x01';
const SUBJECT = '\x02';
const FORMAT = `--format=${HEADER}%H %T %at %ct %P${SUBJECT}%s`;
const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
/**
 * Bytes of log output read at most: a cap on what is kept, not memory taken ahead, so a history is read once, whole,
 * up to it (a first read at 64 MiB and a second at this cap read a larger history twice, for nothing).
 */
export const MAX_LOG_BYTES = 256 * 1024 * 1024;

/** The `git log` options readCommits reads a history with (after `log --stdin --ignore-missing`, the tips on stdin): the output parseLog reads. */
export const LOG_ARGS: readonly string[] = ['--topo-order', FORMAT, '--raw', '-p', '-U0', '--no-renames', ...SAFE_DIFF_ARGS, '--no-color', '--no-abbrev'];

/** Text of git output kept byte for byte (latin1), decoded as UTF-8. */
function utf8(exact: string): string {
  return Buffer.from(exact, 'latin1').toString('utf8');
}

interface Building {
  hash: string;
  tree: string;
  parents: string[];
  authorTime: number;
  commitTime: number;
  subject: string;
  files: ChangedFile[];
  added: string[];
  removed: string[];
}

function startCommit(line: string): Building | undefined {
  const cut = line.indexOf(SUBJECT);
  if (cut === -1) return undefined;
  const [hash = '', tree = '', authorTime = '', commitTime = '', ...parents] = line.slice(1, cut).split(' ').filter(Boolean);
  if (![hash, tree, ...parents].every((id) => /^[0-9a-f]{40,64}$/.test(id))) return undefined;
  return {
    hash,
    tree,
    parents,
    authorTime: Number(authorTime),
    commitTime: Number(commitTime),
    subject: utf8(line.slice(cut + 1)),
    files: [],
    added: [],
    removed: [],
  };
}

/**
 * Parses the output of our `git log --raw -p -U0` format (kept byte for byte) into commits. The parser cannot be
 * fooled by file content: a commit starts only at a header line read between diffs, and each hunk's body is taken
 * by the line counts its `@@ -a,b +c,d @@` header gives, so a committed line holding the separators is only a line.
 */
export function parseLog(output: string): CommitInfo[] {
  const lines = output.split('\n');
  const commits: CommitInfo[] = [];
  let current: Building | undefined;
  const finish = () => {
    if (current !== undefined) commits.push(current);
    current = undefined;
  };
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    if (line.startsWith(HEADER)) {
      finish();
      current = startCommit(line);
      continue;
    }
    if (current === undefined) continue;
    if (line.startsWith(':')) {
      const tab = line.indexOf('\t');
      const status = line.slice(0, tab).split(' ').pop() ?? '';
      current.files.push({ status: status.charAt(0), path: unquotePath(utf8(line.slice(tab + 1))) });
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk === null) continue;
    let removed = hunk[1] === undefined ? 1 : Number(hunk[1]);
    let added = hunk[2] === undefined ? 1 : Number(hunk[2]);
    while ((removed > 0 || added > 0) && i + 1 < lines.length) {
      i += 1;
      const body = lines[i] ?? '';
      if (body.startsWith('-') && removed > 0) {
        removed -= 1;
        if (current.removed.length < MAX_LINES) current.removed.push(utf8(body.slice(1)));
      } else if (body.startsWith('+') && added > 0) {
        added -= 1;
        if (current.added.length < MAX_LINES) current.added.push(utf8(body.slice(1)));
      } else if (!body.startsWith('\\')) {
        // Not a hunk line: the counts were wrong; read this line again as a header.
        i -= 1;
        break;
      }
    }
  }
  finish();
  return commits;
}

/**
 * Reads every commit reachable from the given tips (tips no longer in the repo are left out) in one `git log`, with
 * changed files and added/removed lines. Output is never cut silently: a history of MAX_LOG_BYTES or more of log
 * output stops with a clear line (UserError, exit 2).
 */
export async function readCommits(reader: ReadOnlyGit, tips: readonly string[]): Promise<CommitInfo[]> {
  if (tips.length === 0) return [];
  const args = ['log', '--stdin', '--ignore-missing', ...LOG_ARGS];
  const input = `${[...new Set(tips)].join('\n')}\n`;
  const result = expectOk(await reader.inViewExact(args, { input, maxBuffer: MAX_LOG_BYTES }));
  if (result.stdout.length < MAX_LOG_BYTES) return parseLog(result.stdout);
  throw new UserError(
    'HISTORY_TOO_BIG',
    `the repository's history is more than ${MAX_LOG_BYTES / 1024 / 1024} MiB of log output, more than wtlab reads; grading only part of it could give a wrong verdict. Grade the app's own repository, not a larger one it lives in.`,
  );
}
