import { UserError } from '../errors/user-error.js';
import type { GitBinary } from '../git/git-binary.js';
import { formatCommand, type CommandResult } from '../process/command-result.js';

/** Repository extensions and the first git release that reads them (from git's release notes). */
export const EXTENSION_SINCE: Readonly<Record<string, string>> = {
  relativeworktrees: '2.48',
  refstorage: '2.45',
  compatobjectformat: '2.43',
  objectformat: '2.29',
  worktreeconfig: '2.20',
};

/**
 * Throws a one-line UserError when git refused the repository: because it uses an extension this git does not know
 * (`GIT_TOO_OLD`), or because another user owns it (`DUBIOUS_OWNERSHIP`, git 2.35.2+, "detected dubious ownership in
 * repository at '<dir>'"), naming the `git config --global --add safe.directory <dir>` command that lets git in.
 */
export function explainGitRefusal(result: CommandResult, git: GitBinary): void {
  if (result.exitCode === 0) return;
  const dubious = /detected dubious ownership in repository at '(.+)'/.exec(result.stderr);
  if (dubious !== null) {
    const dir = dubious[1] ?? result.cwd;
    throw new UserError(
      'DUBIOUS_OWNERSHIP',
      `git refuses the repository at ${dir}: another user owns it ("dubious ownership"). If you trust it, let git in and run again: git config --global --add safe.directory ${formatCommand([dir])}`,
    );
  }
  const found = /unknown repository extensions? found:\s*([\w-]+)/i.exec(result.stderr);
  if (found === null) return;
  const extension = (found[1] ?? '').toLowerCase();
  const since = EXTENSION_SINCE[extension];
  const needs = since !== undefined ? `git ${since} or newer` : 'a newer git';
  throw new UserError(
    'GIT_TOO_OLD',
    `the repository uses the extension ${extension}, which needs ${needs}; this git is ${git.version}. Grade it with a newer git: wtlab grade --git /path/to/newer/git <submission>`,
  );
}
