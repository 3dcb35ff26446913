import { existsSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitBinary } from '../git/git-binary.js';
import { runGit } from '../git/run-git.js';
import { safeGitConfig, safeGitEnv } from '../git/safe-config.js';
import { sealedEnv } from '../git/sealed-env.js';
import type { CommandResult } from '../process/command-result.js';

/** Settings for reads beyond the shared safe config: no cache writes, no ownership refusal of a learner's folder. */
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
  /** `.git/worktrees/<id>` folders whose own `config.worktree` must be made safe too. */
  readonly worktreeGitDirs?: readonly string[];
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
  const env = { ...sealedEnv({ git: options.git, home }), ...safeGitEnv() };
  // Every program the learner's config (and the files it includes) could name is switched off by `-c`.
  const perWorktree = (options.worktreeGitDirs ?? []).filter((dir) => existsSync(join(dir, 'config.worktree')));
  const settings = await Promise.all([options.gitDir, ...perWorktree].map((dir) => safeGitConfig(dir, { git: options.git, env })));
  const config = Object.assign({}, ...settings, READ_ONLY_CONFIG) as Record<string, string>;
  return {
    git: options.git,
    gitDir: options.gitDir,
    viewDir,
    inRepo: (args, cwd, input) => runGit(options.git, args, { cwd, env, config, ...(input !== undefined ? { input } : {}) }),
    inView: (args, input) =>
      runGit(options.git, args, { cwd: viewDir, env: { ...env, GIT_DIR: viewDir }, config: { 'core.hooksPath': '/dev/null', ...READ_ONLY_CONFIG }, ...(input !== undefined ? { input } : {}) }),
  };
}

/** Throws a plain Error naming the command when git failed; evidence code uses it where failure is wtlab's problem. */
export function expectOk(result: CommandResult): CommandResult {
  if (result.exitCode !== 0) {
    throw new Error(`\`${result.command.join(' ')}\` exited ${result.exitCode}: ${result.stderr.trim()}`);
  }
  return result;
}
