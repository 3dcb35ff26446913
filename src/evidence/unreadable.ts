import { stat } from 'node:fs/promises';
import { UserError } from '../errors/user-error.js';

/** Who wtlab runs as and why it was refused, for the message: `this user (uid 65534, EACCES)`. */
function whoRuns(code: string | undefined): string {
  const facts = [...(process.getuid === undefined ? [] : [`uid ${process.getuid()}`]), ...(code === undefined ? [] : [code])];
  return facts.length === 0 ? 'this user' : `this user (${facts.join(', ')})`;
}

/** The error code of a refused access (`EACCES`, `EPERM`), else undefined. */
export function deniedCode(error: unknown): 'EACCES' | 'EPERM' | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EACCES' || code === 'EPERM' ? code : undefined;
}

/**
 * The one rule for a learner's file or folder that is there but cannot be read (another uid's files in a CI
 * container, a `chmod 600`): grading stops with this one line (exit 2). Git skips a reflog, ref or worktree record
 * it cannot open as if it were absent, and an absent record can turn a check into a pass, so nothing is ever
 * graded without it. `root` is the folder the `chmod -R a+rX` hint names (the git dir, or a worktree folder).
 */
export function unreadableError(path: string, options: { readonly root: string; readonly code?: string }): UserError {
  return new UserError(
    'UNREADABLE',
    `${path} cannot be read by ${whoRuns(options.code)}, and grading without it could pass a check it should fail. Make it readable (chmod -R a+rX ${JSON.stringify(options.root)}) or grade as its owner`,
  );
}

/**
 * Whether `path` is there, following links (as `existsSync`): false when it or a folder on the way is missing or
 * is not a folder; throws `unreadableError` when a folder on the way refuses this process, so "cannot see" never
 * reads as "not there".
 */
export async function isThere(path: string, options: { readonly root: string }): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    const denied = deniedCode(error);
    if (denied !== undefined) throw unreadableError(path, { root: options.root, code: denied });
    return false;
  }
}
