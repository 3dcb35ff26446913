import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { runProcess } from '../process/run-process.js';

/**
 * Removes a file or folder tree, as `fs.rm` with `recursive` and `force` does (nothing to remove is no error): with
 * `rm -rf` from the PATH, else, when that cannot run or leaves the path behind, with `fs.rm`. Why: Node 20's recursive
 * `fs.rm` tries `rmdir` on each folder before it reads it and `lstat`s every entry; removing 24,490 files and folders
 * kept our 2-core machine busy 0.41 to 0.52 CPU s with it against 0.23 to 0.26 s with `rm -rf` (/proc/stat, runs in
 * turn). Throws the file system's error when neither can remove it.
 */
export async function removeTree(path: string): Promise<void> {
  // A relative path is read from this process's folder, as fs.rm reads it (rm runs from /).
  const removed = await runProcess(['rm', '-rf', '--', resolve(path)], { cwd: '/', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' } }).catch(
    () => undefined,
  );
  if (removed?.exitCode === 0) return;
  await rm(resolve(path), { recursive: true, force: true, maxRetries: 3 });
}
