import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { formatCommand } from '../process/command-result.js';

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

/** What to make readable: `folder`, and with `recursive` everything under it (`chmod -R a+rX`). */
export interface UnreadableFix {
  readonly folder: string;
  /** @default true */
  readonly recursive?: boolean;
}

/**
 * The one rule for a learner's file or folder that is there but cannot be read (another uid's files in a CI
 * container, a `chmod 600`): grading stops with this one line (exit 2). Git skips a reflog, ref or worktree record
 * it cannot open as if it were absent, and an absent record can turn a check into a pass, so nothing is ever
 * graded without it. `fix` names the `chmod` that lets this user in (the git dir, a worktree folder, or the one
 * folder on the way that shuts others out); `code` is the errno the refusal gave.
 */
export function unreadableError(path: string, options: { readonly fix: UnreadableFix; readonly code?: string }): UserError {
  const chmod = formatCommand(['chmod', ...(options.fix.recursive === false ? [] : ['-R']), 'a+rX', options.fix.folder]);
  return new UserError(
    'UNREADABLE',
    `${path} cannot be read by ${whoRuns(options.code)}, and grading without it could pass a check it should fail. Make it readable (${chmod}) or grade as its owner`,
  );
}

/** The outermost folder above `path` this process may not enter (search permission), else `path`'s own folder. */
async function shutFolder(path: string): Promise<string> {
  const above: string[] = [];
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    above.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  for (const dir of above) {
    const denied = await access(dir, constants.X_OK).then(
      () => false,
      (error: unknown) => deniedCode(error) !== undefined,
    );
    if (denied) return dir;
  }
  return dirname(resolve(path));
}

/**
 * Whether `path` is there, following links (as `existsSync`): false when it or a folder on the way is missing or
 * is not a folder; throws `unreadableError` (naming the folder that shuts this process out) when a folder on the way
 * refuses this process, so "cannot see" never reads as "not there".
 */
export async function isThere(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    const denied = deniedCode(error);
    if (denied !== undefined) throw unreadableError(path, { fix: { folder: await shutFolder(path), recursive: false }, code: denied });
    return false;
  }
}
