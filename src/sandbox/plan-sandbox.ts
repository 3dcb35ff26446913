import { delimiter, join } from 'node:path';
import { locateExecutable } from '../process/locate-executable.js';
import { bubblewrapArgs } from './bubblewrap-args.js';
import { programView, startsInSandbox } from './program-view.js';
import { sandboxMode } from './sandbox-mode.js';
import { runnableBy, sandboxUser, type SandboxUser } from './sandbox-user.js';
import { unshareArgs, type UnshareOptions } from './unshare-args.js';

/** A way to start a program isolated from the grader. */
export interface SandboxPlan {
  readonly tool: 'bubblewrap' | 'unshare';
  /** The sandbox program, its arguments, then the command run inside it. */
  readonly command: readonly string[];
  /** Start the sandbox program as this user (root grading runs the app as nobody); undefined: as this process. */
  readonly user: SandboxUser | undefined;
}

/** Why the program runs without a sandbox. */
export interface NoSandbox {
  readonly tool: 'none';
  readonly reason: string;
}

export interface PlanSandboxOptions {
  /** The program to run (found on `path`), e.g. `python3`, and its arguments. */
  readonly program: string;
  readonly args: readonly string[];
  /** The one folder the program may write. */
  readonly writable: string;
  /** The PATH to find the program and bubblewrap on. */
  readonly path: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The installed sandbox program: `bwrap` on the PATH given. */
export function findBubblewrap(path: string): string | undefined {
  return locateExecutable('bwrap', path);
}

/** util-linux's `unshare` on the PATH given, with `setpriv`, `chroot` and a `sh` (on it or in the system folders), or undefined. */
export function findUnshare(path: string): UnshareOptions['programs'] | undefined {
  const wide = [path, '/usr/sbin', '/sbin', '/usr/bin', '/bin'].join(delimiter);
  const [unshare, setpriv, chroot, sh] = ['unshare', 'setpriv', 'chroot', 'sh'].map((name) => locateExecutable(name, name === 'unshare' ? path : wide));
  return unshare && setpriv && chroot && sh ? { unshare, setpriv, chroot, sh } : undefined;
}

/**
 * The first `program` on the PATH that the sandbox can start: one `user` can run (a pyenv shim under root's 0700
 * home is skipped for /usr/bin/python3) and that needs no more than the sandbox shows (see startsInSandbox: a
 * version manager's `#!` shim outside the system folders is skipped too).
 */
export function locateFor(program: string, path: string, user: SandboxUser | undefined): string | undefined {
  const fits = (found: string | undefined): found is string => found !== undefined && (user === undefined || runnableBy(found, user)) && startsInSandbox(found);
  if (program.includes('/')) {
    const found = locateExecutable(program);
    return fits(found) ? found : undefined;
  }
  for (const dir of path.split(delimiter)) {
    const found = dir ? locateExecutable(join(dir, program)) : undefined;
    if (fits(found)) return found;
  }
  return undefined;
}

/**
 * How to run a program isolated: under bubblewrap when it is installed, else under util-linux `unshare`,
 * unless `WTLAB_SANDBOX` is `none`; else why not. Whether the kernel lets them make namespaces shows
 * only when they start.
 */
export function planSandbox(options: PlanSandboxOptions): SandboxPlan | NoSandbox {
  const env = options.env ?? process.env;
  if (sandboxMode(env) === 'none') return { tool: 'none', reason: 'WTLAB_SANDBOX=none' };
  if (process.platform !== 'linux') return { tool: 'none', reason: `namespaces are Linux's, and this is ${process.platform}` };
  const bwrap = findBubblewrap(options.path);
  const unshare = bwrap === undefined ? findUnshare(options.path) : undefined;
  if (bwrap === undefined && unshare === undefined) return { tool: 'none', reason: 'neither bubblewrap (bwrap) nor util-linux unshare is installed' };
  const user = sandboxUser();
  const program = locateFor(options.program, options.path, user);
  if (program === undefined)
    return {
      tool: 'none',
      reason: `no ${options.program} on the PATH that the sandbox can start (one ${user === undefined ? 'this user' : `user ${user.uid}`} may run, not a #! script outside the system folders such as a version manager's shim)`,
    };
  const view = programView({ program, guarded: [options.writable] });
  const inside = { writable: options.writable, readable: view.readable, command: [view.run, ...options.args] };
  if (bwrap !== undefined) return { tool: 'bubblewrap', command: [bwrap, ...bubblewrapArgs(inside)], user };
  const programs = unshare as UnshareOptions['programs'];
  // unshare builds its namespaces as root, then drops to 65534 itself: it starts as this process.
  return { tool: 'unshare', command: [programs.unshare, ...unshareArgs({ ...inside, programs, asRoot: user !== undefined })], user: undefined };
}
