import { UserError } from '../cli/user-error.js';
import type { GitBinary } from '../git/git-binary.js';
import type { CommandResult } from '../process/command-result.js';

/** Repository extensions and the first git release that reads them (from git's release notes). */
export const EXTENSION_SINCE: Readonly<Record<string, string>> = {
  relativeworktrees: '2.48',
  refstorage: '2.45',
  compatobjectformat: '2.43',
  objectformat: '2.29',
  worktreeconfig: '2.20',
};

/** Throws a one-line UserError when git refused the repository because it uses an extension this git does not know. */
export function explainGitRefusal(result: CommandResult, git: GitBinary): void {
  if (result.exitCode === 0) return;
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
