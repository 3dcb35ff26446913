import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitBinary } from '../git/git-binary.js';
import { runGit } from '../git/run-git.js';
import { sealedEnv } from '../git/sealed-env.js';
import type { CommandResult } from '../process/command-result.js';

/** Settings that keep git from running anything a repository's config asks for, or writing to it. */
export const READ_ONLY_CONFIG: Readonly<Record<string, string>> = {
  'core.fsmonitor': 'false',
  'core.hooksPath': '/dev/null',
  'core.untrackedCache': 'false',
  'core.preloadIndex': 'false',
  'status.submoduleSummary': 'false',
  'diff.external': '',
  'gc.auto': '0',
  'maintenance.auto': 'false',
  'safe.directory': '*',
};

/** How evidence code reads a repository: in the learner's repo (refs, status) and in a private view of its objects. */
export interface ReadOnlyGit {
  readonly git: GitBinary;
  /** The repository's common git dir (`.git` of the main worktree, or a bare repo). */
  readonly gitDir: string;
  /** Runs git in the learner's repo with locks off and hooks, fsmonitor and filters disabled. */
  inRepo(args: readonly string[], cwd: string, input?: string): Promise<CommandResult>;
  /** Runs git in a private bare repo that borrows the learner's objects: the learner's config is never read. */
  inView(args: readonly string[], input?: string): Promise<CommandResult>;
  /** The private view's folder. */
  readonly viewDir: string;
}

export interface ReadOnlyGitOptions {
  readonly git: GitBinary;
  readonly gitDir: string;
  /** A private temp folder for HOME and the object view. */
  readonly scratch: string;
  /** Filter driver names the repo config defines; their commands are blanked. */
  readonly filterNames?: readonly string[];
}

/** Makes the read-only git access for one submission. */
export async function makeReadOnlyGit(options: ReadOnlyGitOptions): Promise<ReadOnlyGit> {
  const home = join(options.scratch, 'home');
  const viewDir = join(options.scratch, 'view.git');
  await mkdir(home, { recursive: true });
  await mkdir(join(viewDir, 'objects', 'info'), { recursive: true });
  await mkdir(join(viewDir, 'refs'), { recursive: true });
  await writeFile(join(viewDir, 'HEAD'), 'ref: refs/heads/main\n');
  await writeFile(join(viewDir, 'config'), '[core]\n\trepositoryformatversion = 0\n\tbare = true\n');
  await writeFile(join(viewDir, 'objects', 'info', 'alternates'), `${join(options.gitDir, 'objects')}\n`);
  // A shallow clone's cut-off commits have parents that are not there; the view must know where history stops.
  await copyFile(join(options.gitDir, 'shallow'), join(viewDir, 'shallow')).catch(() => undefined);
  const env = { ...sealedEnv({ git: options.git, home }), GIT_OPTIONAL_LOCKS: '0', GIT_NO_REPLACE_OBJECTS: '1', GIT_ATTR_NOSYSTEM: '1' };
  const filters: Record<string, string> = {};
  for (const name of options.filterNames ?? []) {
    for (const key of ['clean', 'smudge', 'process']) filters[`filter.${name}.${key}`] = '';
    filters[`filter.${name}.required`] = 'false';
  }
  const config = { ...READ_ONLY_CONFIG, ...filters };
  return {
    git: options.git,
    gitDir: options.gitDir,
    viewDir,
    inRepo: (args, cwd, input) => runGit(options.git, args, { cwd, env, config, ...(input !== undefined ? { input } : {}) }),
    inView: (args, input) =>
      runGit(options.git, args, { cwd: viewDir, env: { ...env, GIT_DIR: viewDir }, config: READ_ONLY_CONFIG, ...(input !== undefined ? { input } : {}) }),
  };
}

/** Throws a plain Error naming the command when git failed; evidence code uses it where failure is wtlab's problem. */
export function expectOk(result: CommandResult): CommandResult {
  if (result.exitCode !== 0) {
    throw new Error(`\`${result.command.join(' ')}\` exited ${result.exitCode}: ${result.stderr.trim()}`);
  }
  return result;
}
