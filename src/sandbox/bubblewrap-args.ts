import { lstatSync, readlinkSync } from 'node:fs';

/** The system folders the app sees, read-only: programs, libraries and `/etc` (no home, no `/tmp`, no `/root`, no `/opt`). */
export const SYSTEM_DIRS: readonly string[] = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32', '/etc'];

export interface BubblewrapOptions {
  /** The one folder the app may write: its exports, HOME and TMPDIR live below it. Seen at the same path. */
  readonly writable: string;
  /** More paths, folders or single files, to show read-only at the same path (what Python needs outside the system folders: see programView). */
  readonly readable: readonly string[];
  /** The program to run inside, with its arguments. */
  readonly command: readonly string[];
}

/** `--ro-bind` for a folder, `--symlink` for a merged-/usr link such as `/bin -> usr/bin`, nothing when it is missing. */
function showSystemDir(dir: string): string[] {
  try {
    const stat = lstatSync(dir);
    if (stat.isSymbolicLink()) return ['--symlink', readlinkSync(dir), dir];
    return stat.isDirectory() ? ['--ro-bind', dir, dir] : [];
  } catch {
    return [];
  }
}

/**
 * bubblewrap's arguments for the app: new user, PID, network, IPC, UTS and cgroup namespaces; 65534
 * inside; the command as PID 1 of its namespace (so nothing inside can kill or stop it, and every
 * process inside dies with it), killed when its parent dies; a fresh `/proc` and a minimal `/dev`;
 * the system folders read-only, one writable folder, and a read-only root with nothing else in it.
 */
export function bubblewrapArgs(options: BubblewrapOptions): string[] {
  return [
    '--unshare-user',
    '--unshare-pid',
    '--unshare-net',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--uid',
    '65534',
    '--gid',
    '65534',
    '--hostname',
    'wtlab-app',
    '--die-with-parent',
    '--as-pid-1',
    '--new-session',
    ...SYSTEM_DIRS.flatMap(showSystemDir),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    // After the fresh /dev: a folder shown under it (a Python in /dev/shm) would be hidden by it.
    ...options.readable.flatMap((dir) => ['--ro-bind', dir, dir]),
    '--bind',
    options.writable,
    options.writable,
    '--remount-ro',
    '/',
    '--chdir',
    '/',
    '--',
    ...options.command,
  ];
}
