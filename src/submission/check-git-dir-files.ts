import { accessSync, constants } from 'node:fs';
import { access, lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { fileKind } from '../paths/file-kind.js';
import { isInside, readLearnerFile } from '../evidence/read-small-file.js';
import { deniedCode, unreadableError } from '../evidence/unreadable.js';

/** Entries walked in a git dir at most: past that, grading stops with one line rather than leave some unchecked. */
const MAX_ENTRIES = 200_000;
const SYSTEM_FOLDERS = ['/proc/', '/sys/', '/dev/'];

function hangs(path: string, what: string): UserError {
  return new UserError(
    'UNSAFE_GIT_DIR',
    `${path} is ${what}, not a regular file: git would wait on it or read without end. Remove it (rm ${JSON.stringify(path)}) or grade a clean clone of the repository.`,
  );
}

/** Throws `unreadableError` when `path` (a file, or a folder with `folder`) is there but this process cannot read it. */
async function checkReadable(path: string, walk: Walk, folder: boolean): Promise<void> {
  try {
    await access(path, folder ? constants.R_OK | constants.X_OK : constants.R_OK);
  } catch (error) {
    const code = deniedCode(error);
    if (code !== undefined) throw unreadableError(path, { fix: { folder: walk.top }, code });
  }
}

/**
 * checkReadable for a regular file, done at once (`accessSync`): a folder's files are checked one after the other
 * without a promise each, which cost a walk of 200 files and 134 folders about a third of its CPU.
 */
function checkFileReadableNow(path: string, walk: Walk): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (error) {
    const code = deniedCode(error);
    if (code !== undefined) throw unreadableError(path, { fix: { folder: walk.top }, code });
  }
}

function inSystemFolder(real: string): boolean {
  return SYSTEM_FOLDERS.some((folder) => real.startsWith(folder) || `${real}/` === folder);
}

interface Walk {
  left: number;
  /** Real paths of folders already walked (a link back up is walked once). */
  readonly seen: Set<string>;
  readonly top: string;
  /** The git dir's real path. */
  readonly topReal: string;
}

/**
 * Checks one entry git may open: a readable regular file, a socket (opening one fails at once) or a readable folder
 * (walked) pass; an unreadable one is refused (`unreadableError`), so is a FIFO or device; a link must lead to one of those outside the kernel's folders (a dangling one passes).
 * `real` is the entry's real path when the walk knows it (in a folder whose real path is known, an entry that is no link).
 */
async function checkEntry(path: string, walk: Walk, real?: string): Promise<void> {
  const found = await lstat(path).catch((error: unknown) => {
    const code = deniedCode(error);
    if (code !== undefined) throw unreadableError(path, { fix: { folder: walk.top }, code });
    return undefined;
  });
  if (found === undefined) return;
  if (found.isSocket()) return;
  if (found.isFile()) return checkReadable(path, walk, false);
  if (found.isDirectory()) return checkFolder(path, walk, real);
  if (!found.isSymbolicLink()) throw hangs(path, fileKind(found.mode));
  const target = await stat(path).catch(() => undefined);
  if (target === undefined) return;
  const linked = await realpath(path).catch(() => path);
  if (inSystemFolder(linked) || linked === '/') throw hangs(path, `a link to ${linked}`);
  if (target.isSocket()) return;
  if (target.isFile()) return checkReadable(path, walk, false);
  // A link up to a folder that holds the git dir (`/`, the repository) would walk the machine, not the repository.
  if (target.isDirectory() && path !== walk.top && isInside(linked, walk.topReal))
    throw new UserError(
      'UNSAFE_GIT_DIR',
      `${path} links to ${linked}, a folder that holds the git dir itself: checking it would walk far beyond the repository. Remove the link (rm ${JSON.stringify(path)}) or grade a clean clone of the repository.`,
    );
  if (target.isDirectory()) return checkFolder(linked, walk, linked);
  throw hangs(path, `a link to ${linked}, ${fileKind(target.mode)}`);
}

/** Walks a folder (`real`: its real path when known, else asked of the file system). */
async function checkFolder(folder: string, walk: Walk, known?: string): Promise<void> {
  const real = known ?? (await realpath(folder).catch(() => folder));
  if (walk.seen.has(real)) return;
  walk.seen.add(real);
  await checkReadable(folder, walk, true);
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    walk.left -= 1;
    if (walk.left < 0)
      throw new UserError(
        'UNSAFE_GIT_DIR',
        `${walk.top} holds more than ${MAX_ENTRIES} files and folders, more than wtlab checks before running git in it. Pack its loose objects first: git -C ${JSON.stringify(walk.top)} gc`,
      );
    // Other kinds than regular files need a closer look, one at a time. A folder (the directory entry says so, no link)
    // is walked at once, its real path taken by name; any other kind is looked at with lstat first (checkEntry).
    if (entry.isDirectory()) await checkFolder(join(folder, entry.name), walk, join(real, entry.name));
    else if (!entry.isFile()) await checkEntry(join(folder, entry.name), walk);
  }
  // Regular files are what git reads: each must be readable.
  for (const entry of entries) if (entry.isFile()) checkFileReadableNow(join(folder, entry.name), walk);
}

/**
 * Checks, before any git process starts, that nothing git could open in the common git dir (worktree records,
 * loose refs, reflogs, objects, packs, commit-graph chains, rebase or bisect state, split indexes...) is a FIFO, a
 * device or a link into /proc, /sys or /dev: such an entry anywhere in it is refused with one line (exit 2), since
 * git would wait on it or read without end. Folders it links to are walked too. An entry this process cannot read
 * (EACCES, EPERM: another uid's files in a container) is refused the same way (`unreadableError`), never skipped:
 * git would treat an unreadable reflog, ref or worktree record as absent.
 */
export async function checkGitDirFiles(gitDir: string): Promise<void> {
  const walk: Walk = { left: MAX_ENTRIES, seen: new Set(), top: gitDir, topReal: await realpath(gitDir).catch(() => gitDir) };
  await checkEntry(gitDir, walk, walk.topReal);
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
