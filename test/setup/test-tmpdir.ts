// vitest globalSetup: one temp folder per test run, TMPDIR for every test file; its subfolders spread over the disk.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changeEnv } from './change-env.js';

/**
 * Asks ext4 to spread the folder's subfolders over its block groups (`chattr +T`, the "top of directory hierarchy"
 * flag the Orlov allocator reads); true when it took. Why: on an ext4 without a journal (this machine's root file
 * system) the kernel passes over every inode freed in the last minutes before it reuses one (fs/ext4/ialloc.c,
 * recently_deleted), so in a folder where thousands of files come and go each new file costs a scan: creating 10,000
 * files took 2.3 s of CPU in such a folder and 0.6 s in subfolders of one marked +T (`perf` showed the scan at 5% of
 * the suite's CPU). Elsewhere (another file system, no `chattr`) nothing changes and this returns false.
 */
export function spreadSubfolders(folder: string): boolean {
  try {
    execFileSync('chattr', ['+T', folder], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Makes the run's temp folder (mode 1777, as /tmp), TMPDIR for the workers; after the run, removes it and what is left in it and puts TMPDIR back. */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'wtlab-test-run-'));
  chmodSync(root, 0o1777);
  spreadSubfolders(root);
  const restore = changeEnv({ TMPDIR: root });
  return () => {
    rmSync(root, { recursive: true, force: true });
    restore();
  };
}
