import { realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, parse } from 'node:path';

/** A numeric user and group. */
export interface SandboxUser {
  readonly uid: number;
  readonly gid: number;
}

/** `nobody` / `nogroup` on Debian and most distributions. */
export const NOBODY: SandboxUser = { uid: 65534, gid: 65534 };

/**
 * The user the sandbox starts as, from this process's uid: `nobody` (65534) when wtlab runs as root, so
 * the app is not root outside its user namespace either (it can read only what anyone can); undefined
 * otherwise (an unprivileged grader cannot switch users: the app runs as the grader, mapped to 65534 inside).
 */
export function sandboxUser(): SandboxUser | undefined {
  return process.getuid?.() === 0 ? NOBODY : undefined;
}

function allows(stat: Stats, user: SandboxUser, bits: number): boolean {
  const shift = stat.uid === user.uid ? 6 : stat.gid === user.gid ? 3 : 0;
  return ((stat.mode >> shift) & bits) === bits;
}

function ancestors(path: string): string[] {
  const found: string[] = [];
  let dir = dirname(path);
  const root = parse(path).root;
  while (dir !== root) {
    found.push(dir);
    dir = dirname(dir);
  }
  return [root, ...found.reverse()];
}

/** Whether `user` can reach and run `file` (every folder on the way searchable, the file readable and executable), by the mode bits. */
export function runnableBy(file: string, user: SandboxUser): boolean {
  try {
    const real = realpathSync(file);
    for (const dir of [...ancestors(file), ...ancestors(real)]) if (!allows(statSync(dir), user, 0o1)) return false;
    return allows(statSync(real), user, 0o5);
  } catch {
    return false;
  }
}

/** Whether `user` can search `dir` and every folder above it. */
export function reachableBy(dir: string, user: SandboxUser): boolean {
  try {
    return [...ancestors(dir), dir].every((folder) => allows(statSync(folder), user, 0o1));
  } catch {
    return false;
  }
}
