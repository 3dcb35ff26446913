import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { isInside, readLearnerFile } from '../evidence/read-small-file.js';
import { fileKind } from '../paths/file-kind.js';

/** Files git may open in a common git dir while wtlab reads it. */
const GIT_DIR_FILES = [
  'HEAD',
  'config',
  'config.worktree',
  'index',
  'packed-refs',
  'shallow',
  'info/exclude',
  'info/attributes',
  'info/grafts',
  'info/sparse-checkout',
  'objects/info/alternates',
  'objects/info/packs',
  'objects/info/commit-graph',
  'MERGE_HEAD',
  'FETCH_HEAD',
  'ORIG_HEAD',
  'CHERRY_PICK_HEAD',
  'REVERT_HEAD',
];
/** Files git may open in a linked worktree's record. */
const RECORD_FILES = ['HEAD', 'index', 'commondir', 'gitdir', 'locked', 'config.worktree', 'MERGE_HEAD', 'ORIG_HEAD'];
/** Folders whose every file git may open (loose refs, reflogs, reftable tables). */
const TREES = ['refs', 'logs', 'reftable'];
const MAX_ENTRIES = 100_000;
const SYSTEM_FOLDERS = ['/proc/', '/sys/', '/dev/'];

function hangs(path: string, what: string): UserError {
  return new UserError(
    'UNSAFE_GIT_DIR',
    `${path} is ${what}, not a regular file: git would wait on it or read without end. Remove it (rm ${JSON.stringify(path)}) or grade a clean clone of the repository.`,
  );
}

/** Refuses one path git would open when it is there but is not a regular file (or a link to one outside the kernel's folders). */
async function checkFile(path: string): Promise<void> {
  const found = await lstat(path).catch(() => undefined);
  if (found === undefined || found.isFile()) return;
  if (found.isDirectory()) return;
  if (found.isSymbolicLink()) {
    const target = await stat(path).catch(() => undefined);
    if (target === undefined) return;
    const real = await realpath(path).catch(() => path);
    if (target.isFile() && !SYSTEM_FOLDERS.some((folder) => real.startsWith(folder))) return;
    throw hangs(path, `a link to ${real}`);
  }
  throw hangs(path, fileKind(found.mode));
}

async function checkTree(root: string, budget: { left: number }): Promise<void> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    budget.left -= 1;
    if (budget.left < 0) return;
    const path = join(root, entry.name);
    if (entry.isDirectory()) await checkTree(path, budget);
    else if (!entry.isFile()) await checkFile(path);
  }
}

/**
 * Checks, before any git process starts, that every file git could open in the common git dir and its worktree
 * records is a regular file: a FIFO, device or link into /proc there is refused with one line (exit 2).
 */
export async function checkGitDirFiles(gitDir: string): Promise<void> {
  for (const file of GIT_DIR_FILES) await checkFile(join(gitDir, file));
  const ids = await readdir(join(gitDir, 'worktrees')).catch(() => [] as string[]);
  for (const id of ids) for (const file of RECORD_FILES) await checkFile(join(gitDir, 'worktrees', id, file));
  const budget = { left: MAX_ENTRIES };
  for (const tree of TREES) await checkTree(join(gitDir, tree), budget);
  for (const id of ids) await checkTree(join(gitDir, 'worktrees', id, 'logs'), budget);
}

/**
 * Follows `objects/info/alternates` as git does (five levels): each file must be a regular file, and with `within`
 * each object store it names must lie inside that folder (an archive borrows no objects from the machine).
 */
export async function checkAlternates(objectsDir: string, within: string | undefined, depth = 0): Promise<void> {
  if (depth > 5) return;
  const file = join(objectsDir, 'info', 'alternates');
  const read = await readLearnerFile(file, { maxBytes: 64 * 1024, timeoutMs: 5_000, followLast: true });
  if (!read.ok) {
    if (read.reason === 'missing') return;
    throw new UserError('UNSAFE_GIT_DIR', `${file} cannot be read safely: ${read.detail}. Remove it, or grade a clean clone of the repository.`);
  }
  const root = within === undefined ? undefined : await realpath(within).catch(() => within);
  for (const line of read.bytes
    .toString('utf8')
    .split('\n')
    .map((text) => text.trim())
    .filter((text) => text !== '' && !text.startsWith('#'))) {
    const target = resolve(objectsDir, line);
    if (root !== undefined) {
      const real = await realpath(target).catch(() => undefined);
      if (real === undefined || !isInside(root, real))
        throw new UserError(
          'UNSAFE_ARCHIVE',
          `the archive's repository borrows objects from ${line}, outside the archive (objects/info/alternates). Archive a repository that holds its own objects: git repack -a -d, then archive again`,
        );
    }
    await checkAlternates(target, within, depth + 1);
  }
}
