import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors/user-error.js';
import type { GitBinary } from '../git/git-binary.js';
import { runGit } from '../git/run-git.js';
import { safeGitConfig, safeGitEnv } from '../git/safe-config.js';
import { sealedEnv } from '../git/sealed-env.js';
import { formatCommand, type CommandResult } from '../process/command-result.js';
import { explainGitRefusal } from './explain-git-refusal.js';
import { readSmallFile } from './read-small-file.js';
import { findUnreadableObject } from './unreadable-object.js';
import { mainWorktreeOf } from '../submission/locate-git-dir.js';
import { checkAlternates, checkGitDirFiles } from '../submission/check-git-dir-files.js';
import { makePlaces } from './git-places.js';

/** Settings on top of the safe ones: no index or cache writes, no repacking, big files read as binary, parents read from the commits themselves. */
export const READ_ONLY_CONFIG: Readonly<Record<string, string>> = {
  'core.untrackedCache': 'false',
  'core.preloadIndex': 'false',
  'core.bigFileThreshold': '4m',
  // A commit-graph file is a cache of parents git trusts over the commits themselves: the learner's could forge history.
  'core.commitGraph': 'false',
  'safe.directory': '*',
};

/** How evidence code reads a repository: in the learner's repo (refs, status) and in a private view of its objects. */
export interface ReadOnlyGit {
  readonly git: GitBinary;
  /** The repository's common git dir (`.git` of the main worktree, or a bare repo). */
  readonly gitDir: string;
  /** Runs git in the learner's repo with locks off and every program its config names switched off. */
  inRepo(args: readonly string[], cwd: string, input?: string): Promise<CommandResult>;
  /** Runs git in a private bare repo that borrows the learner's objects: the learner's config is never read. */
  inView(args: readonly string[], input?: string): Promise<CommandResult>;
  /**
   * Like `inView`, with stdout kept byte for byte (one `latin1` character per byte: decode fields with
   * `Buffer.from(text, 'latin1')`) and up to `maxBuffer` bytes of it; compare `stdout.length` to see a cut.
   */
  inViewExact(args: readonly string[], options: { readonly input?: string; readonly maxBuffer: number }): Promise<CommandResult>;
  /** The private view's folder. */
  readonly viewDir: string;
}

export interface ReadOnlyGitOptions {
  readonly git: GitBinary;
  readonly gitDir: string;
  /** A private temp folder for HOME and the object view. */
  readonly scratch: string;
  /** The main worktree folder. @default the folder holding `gitDir` when it is named `.git` */
  readonly mainWorktree?: string;
  /** A folder every alternate object store must lie in (an unpacked archive). @default none */
  readonly within?: string;
}

/** The `config.worktree` files of linked worktrees, which git reads when it runs in them. */
async function worktreeConfigFiles(gitDir: string): Promise<string[]> {
  const ids = await readdir(join(gitDir, 'worktrees')).catch(() => [] as string[]);
  return ids.map((id) => join(gitDir, 'worktrees', id, 'config.worktree'));
}

/** `sha256` when the repository says so in its own config file, else `sha1`; the view must use the same. */
async function objectFormatOf(gitDir: string): Promise<'sha1' | 'sha256'> {
  const text = (await readSmallFile(join(gitDir, 'config'))) ?? '';
  return /^\s*objectformat\s*=\s*"?sha256"?\s*$/im.test(text) ? 'sha256' : 'sha1';
}

/** A git call wtlab refused to start: shaped like git's own failure, so callers treat it as git failing. */
function refused(args: readonly string[], cwd: string, why: string): CommandResult {
  const now = Date.now();
  return {
    command: ['git', ...args],
    cwd,
    exitCode: 128,
    signal: undefined,
    timedOut: false,
    stdout: '',
    stderr: `fatal: wtlab did not run git here: ${why}\n`,
    startedAt: now,
    endedAt: now,
  };
}

/**
 * Makes the read-only git access for one submission. First checks that every file git would open in the git dir
 * is a regular file (a FIFO or device there would hold git forever), then reads the config files once to switch
 * off what they name. Every git call names its git dir and work tree (`GIT_DIR`, `GIT_WORK_TREE`): git never
 * discovers a repository on its own, so a `.git/.git` or a nested repository is never picked.
 */
export async function makeReadOnlyGit(options: ReadOnlyGitOptions): Promise<ReadOnlyGit> {
  const home = join(options.scratch, 'home');
  const viewDir = join(options.scratch, 'view.git');
  await checkGitDirFiles(options.gitDir);
  await checkAlternates(join(options.gitDir, 'objects'), options.within);
  await mkdir(home, { recursive: true });
  await mkdir(join(viewDir, 'objects', 'info'), { recursive: true });
  await mkdir(join(viewDir, 'refs'), { recursive: true });
  await writeFile(join(viewDir, 'HEAD'), 'ref: refs/heads/main\n');
  const format = await objectFormatOf(options.gitDir);
  await writeFile(
    join(viewDir, 'config'),
    format === 'sha256'
      ? '[core]\n\trepositoryformatversion = 1\n\tbare = true\n[extensions]\n\tobjectformat = sha256\n'
      : '[core]\n\trepositoryformatversion = 0\n\tbare = true\n',
  );
  // The alternates file holds one path per line: a link with a plain name stands for a path that has a newline.
  const borrowed = join(options.scratch, 'learner-objects');
  await symlink(join(options.gitDir, 'objects'), borrowed);
  await writeFile(join(viewDir, 'objects', 'info', 'alternates'), `${borrowed}\n`);
  // A shallow clone's cut-off commits: without them git looks for parents that are not there.
  const shallow = await readSmallFile(join(options.gitDir, 'shallow'));
  if (shallow !== undefined) await writeFile(join(viewDir, 'shallow'), shallow);
  const env = { ...sealedEnv({ git: options.git, home }), ...safeGitEnv() };
  const safe = await safeGitConfig(options.gitDir, { git: options.git, env, moreFiles: await worktreeConfigFiles(options.gitDir) });
  const config = { ...safe, ...READ_ONLY_CONFIG };
  const checked = async (run: Promise<CommandResult>): Promise<CommandResult> => {
    const result = await run;
    explainGitRefusal(result, options.git);
    if (result.exitCode !== 0) await refuseUnreadableObject(result.stderr, join(options.gitDir, 'objects'));
    return result;
  };
  const places = makePlaces(options.gitDir, options.mainWorktree ?? mainWorktreeOf(options.gitDir));
  return {
    git: options.git,
    gitDir: options.gitDir,
    viewDir,
    inRepo: async (args, cwd, input) => {
      const place = await places(cwd);
      if (!place.ok) return refused(args, cwd, place.problem);
      return checked(runGit(options.git, args, { cwd, env: { ...env, ...place.env }, config, ...(input !== undefined ? { input } : {}) }));
    },
    inView: (args, input) =>
      checked(runGit(options.git, args, { cwd: viewDir, env: { ...env, GIT_DIR: viewDir }, config, ...(input !== undefined ? { input } : {}) })),
    inViewExact: (args, exact) =>
      checked(
        runGit(options.git, args, {
          cwd: viewDir,
          env: { ...env, GIT_DIR: viewDir },
          config,
          stdoutEncoding: 'latin1',
          maxBuffer: exact.maxBuffer,
          ...(exact.input !== undefined ? { input: exact.input } : {}),
        }),
      ),
  };
}

/**
 * Throws a one-line UserError when git failed on an object whose file is there but cannot be read (git says "unable
 * to read", "corrupt" or "missing" for it): it names the file and the permission to give, not a damaged repository.
 */
async function refuseUnreadableObject(stderr: string, objectsDir: string): Promise<void> {
  const found = await findUnreadableObject(stderr, objectsDir);
  if (found === undefined) return;
  throw new UserError(
    'UNREADABLE_OBJECT',
    `git object ${found.oid} is in the repository but cannot be read: ${found.path} (${found.code}). Let the grading user read every object: chmod -R a+rX ${formatCommand([objectsDir])}`,
  );
}

/** Throws a one-line UserError naming the command when git could not read the repository (damaged, or unreadable). */
export function expectOk(result: CommandResult): CommandResult {
  if (result.exitCode !== 0) {
    const reason =
      result.stderr
        .trim()
        .split('\n')
        .find((line) => /^(fatal|error):/.test(line)) ??
      result.stderr.trim().split('\n')[0] ??
      '';
    throw new UserError(
      'UNREADABLE_REPO',
      `git cannot read the repository: \`${result.command.join(' ')}\` exited ${result.exitCode}${result.signal ? ` (${result.signal})` : ''}${reason ? `: ${reason}` : ''}. Check it with: git fsck --full`,
    );
  }
  return result;
}
