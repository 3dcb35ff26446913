import { UserError } from '../errors/user-error.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';
import type { TreeEntry } from './tree-without.js';

/** What an export of one commit may write. */
export interface ExportLimits {
  /** Bytes of all blobs together. @default 256 MiB */
  readonly maxBytes: number;
  /** Files (blobs and links). @default 20000 */
  readonly maxFiles: number;
}

export const DEFAULT_EXPORT_LIMITS: ExportLimits = { maxBytes: 256 * 1024 * 1024, maxFiles: 20_000 };

const LIST_BOUND = 64 * 1024 * 1024;

/**
 * Sums what writing out a commit's tree would cost, from `git ls-tree -r -t -l -z` (sizes git records, nothing
 * written), and refuses with one line (UserError) a tree over the limits: a small pack whose paths share one huge
 * blob would otherwise fill the disk. Returns the totals and the tree's top-level entries.
 */
export async function checkExportSize(
  reader: ReadOnlyGit,
  commit: string,
  limits: ExportLimits = DEFAULT_EXPORT_LIMITS,
): Promise<{ readonly bytes: number; readonly files: number; readonly top: readonly TreeEntry[] }> {
  const result = expectOk(await reader.inViewExact(['ls-tree', '-r', '-t', '-l', '-z', '--full-tree', commit], { maxBuffer: LIST_BOUND }));
  const short = commit.slice(0, 7);
  if (result.stdout.length >= LIST_BOUND) {
    throw new UserError(
      'EXPORT_TOO_BIG',
      `the tree of ${short} lists more than ${LIST_BOUND} bytes of paths; wtlab does not write it out to run the app. Grade the app's own repository.`,
    );
  }
  let bytes = 0;
  let files = 0;
  const top: TreeEntry[] = [];
  for (const entry of result.stdout.split('\0')) {
    const found = /^(\d+) (blob|commit|tree) ([0-9a-f]+) +(\d+|-)\t(.*)$/s.exec(entry);
    if (found === null) continue;
    const [, mode = '', type = '', id = '', size = '', name = ''] = found;
    if (!name.includes('/')) top.push({ mode, type, id, name });
    if (type !== 'blob') continue;
    files += 1;
    bytes += Number(size);
  }
  if (files > limits.maxFiles || bytes > limits.maxBytes) {
    throw new UserError(
      'EXPORT_TOO_BIG',
      `the tree of ${short} on main holds ${files} files of ${bytes} bytes in all, more than wtlab writes out to run the app (${limits.maxFiles} files, ${limits.maxBytes} bytes). Keep large or repeated files out of the app's repository: git rm --cached <file>, then commit.`,
    );
  }
  return { bytes, files, top };
}
