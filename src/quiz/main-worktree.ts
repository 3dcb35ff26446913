import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { compareVersions } from '../git/git-binary.js';
import type { GitBinary } from '../git/git-binary.js';
import { runGit } from '../git/run-git.js';
import { sealedEnv } from '../git/sealed-env.js';
import { UNNAMED_APP, type AppNaming } from '../submission/app-naming.js';

/** The folder of the main worktree of the repository `cwd` is in (also from a linked worktree), or a UserError whose hint names the lab's folder. */
export async function findMainWorktree(git: GitBinary, cwd: string, options: { readonly naming?: AppNaming } = {}): Promise<string> {
  const repo = (options.naming ?? UNNAMED_APP).repo;
  const env = sealedEnv({ git, home: '/nonexistent-wtlab-home' });
  const inside = await runGit(git, ['rev-parse', '--is-inside-work-tree'], { cwd, env });
  if (inside.exitCode !== 0 || inside.stdout.trim() !== 'true') {
    const said = inside.stderr.trim().split('\n')[0];
    throw new UserError(
      'NOT_A_REPO',
      `${cwd} is not inside a git work tree${said ? ` (git: ${said})` : ''}. Run it in your repository: cd ${repo} && wtlab quiz`,
    );
  }
  // NUL-framed where git can (2.36+): a folder name may hold a newline, and the answers are written into this folder.
  const framing = compareVersions(git.version, '2.36') >= 0 ? 'nul' : 'line';
  const list = await runGit(git, ['worktree', 'list', '--porcelain', ...(framing === 'nul' ? ['-z'] : [])], { cwd, env });
  const first = list.stdout.split(framing === 'nul' ? '\0\0' : '\n\n')[0] ?? '';
  const lines = first.split(framing === 'nul' ? '\0' : '\n');
  const path = lines[0]?.startsWith('worktree ') ? lines[0].slice('worktree '.length) : undefined;
  if (list.exitCode !== 0 || path === undefined || path === '' || lines.includes('bare') || !existsSync(join(path, '.git'))) {
    throw new UserError(
      'NO_MAIN_WORKTREE',
      `the repository at ${cwd} has no main worktree to write the answers in. Run it in a normal clone: cd ${repo} && wtlab quiz`,
    );
  }
  return path;
}
