import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors/user-error.js';
import type { GitBinary } from '../git/git-binary.js';
import { runGit } from '../git/run-git.js';
import { safeGitConfig, safeGitEnv } from '../git/safe-config.js';
import { sealedEnv } from '../git/sealed-env.js';
import { explainGitRefusal } from '../evidence/explain-git-refusal.js';
import { makeSandbox } from '../sandbox/sandbox.js';
import { UNNAMED_APP, type AppNaming } from './app-naming.js';
import { findFolderRepo, findRepoIn, isBareRepo } from './find-repo.js';
import { localPath } from './local-path.js';
import { checkGitDirFiles } from './check-git-dir-files.js';
import { refuseShallow } from './refuse-shallow.js';
import { DEFAULT_LIMITS, type ExtractLimits, type OpenedSubmission } from './types.js';
import { fileKind } from '../paths/file-kind.js';
import { scrubSecrets, submissionLabel } from './submission-label.js';
import { asClause } from '../text/as-clause.js';

export interface OpenSubmissionOptions {
  readonly git: GitBinary;
  readonly limits?: ExtractLimits;
  /** How the lab names the learner's repository: which of an archive's repositories is the app's, and what hints say. @default UNNAMED_APP */
  readonly naming?: AppNaming;
}

/** The kind of archive a file name says, if any. */
export function archiveKind(source: string): 'tar' | 'zip' | 'bundle' | undefined {
  const lower = source.toLowerCase();
  if (lower.endsWith('.tar') || lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) return 'tar';
  if (lower.endsWith('.zip')) return 'zip';
  if (lower.endsWith('.bundle')) return 'bundle';
  return undefined;
}

/** A git URL (`https://`, `ssh://`, `git://`, `file://`, or `user@host:path`). */
export function isGitUrl(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^[\w.-]+@[\w.-]+:/.test(source);
}

/** The transport a clone source uses, as git's `protocol.<name>.allow` names it. */
export function cloneProtocol(source: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(source)?.[1]?.toLowerCase();
  if (scheme !== undefined) return scheme === 'git+ssh' || scheme === 'ssh+git' ? 'ssh' : scheme;
  return /^[\w.-]+@[\w.-]+:/.test(source) ? 'ssh' : 'file';
}

async function cloneInto(git: GitBinary, source: string, scratch: string, naming: AppNaming): Promise<string> {
  const target = join(scratch, 'clone.git');
  const home = join(scratch, 'home');
  await mkdir(home, { recursive: true });
  const env = { ...sealedEnv({ git, home }), ...safeGitEnv() };
  const protocol = cloneProtocol(source);
  if (!['file', 'https', 'http', 'ssh', 'git'].includes(protocol)) {
    throw new UserError(
      'UNSAFE_URL',
      `cannot clone ${submissionLabel(source)}: wtlab clones only https, http, ssh, git and local paths, not ${protocol}. Pass a plain URL or path: wtlab grade https://example.org/learner/${naming.repo}.git`,
    );
  }
  // A local source's own config is read by the upload-pack git runs in it: switch off what it names.
  const localRepo = protocol === 'file' && (await pathKind(source)).kind === 'folder';
  if (localRepo) await checkGitDirFiles(source);
  const sourceConfig = localRepo ? await safeGitConfig(source, { git, env }) : await safeGitConfig(join(scratch, 'no-repo'), { git, env });
  // `remote.*` settings would apply to the new clone's own origin, and ssh needs its default command.
  const kept = Object.entries(sourceConfig).filter(([key]) => !key.startsWith('remote.') && !(protocol === 'ssh' && key === 'core.sshCommand'));
  // Only the transport asked for is allowed (no ext::, no file:// from inside a remote repo); submodules are never fetched.
  const config = {
    ...Object.fromEntries(kept),
    'protocol.allow': 'never',
    [`protocol.${protocol}.allow`]: 'always',
    'protocol.ext.allow': 'never',
    'core.hooksPath': '/dev/null',
  };
  const result = await runGit(git, ['clone', '--mirror', '--no-local', '--no-recurse-submodules', '--template=', '--quiet', source, target], {
    cwd: scratch,
    env,
    config,
    timeoutMs: 300_000,
  });
  if (result.exitCode !== 0) {
    explainGitRefusal(result, git);
    // git hides a URL's password in most of its messages, not all of them (nor a token given as the user name).
    const reason = asClause(scrubSecrets(result.stderr.trim().split('\n').pop() ?? `exit code ${result.exitCode}`, source));
    throw new UserError(
      'CLONE_FAILED',
      `cannot clone ${submissionLabel(source)}: ${reason}. Check the URL or path, or grade the folder itself: wtlab grade ${naming.repoPath ?? naming.repo}`,
    );
  }
  return target;
}

/** What a path is, following links: a folder, a regular file, something else (named), or nothing. */
async function pathKind(path: string): Promise<{ kind: 'folder' | 'file' | 'missing' } | { kind: 'other'; what: string }> {
  const found = await stat(path).catch(() => undefined);
  if (found === undefined) return { kind: 'missing' };
  if (found.isDirectory()) return { kind: 'folder' };
  if (found.isFile()) return { kind: 'file' };
  return { kind: 'other', what: fileKind(found.mode) };
}

/**
 * Opens a folder, URL, bare repo or archive as a repository to read; throws a UserError when it is none. The opened
 * submission's `source` and every message name it by its `submissionLabel` (a URL's token hidden); the real URL is cloned.
 */
export async function openSubmission(given: string, options: OpenSubmissionOptions): Promise<OpenedSubmission> {
  const naming = options.naming ?? UNNAMED_APP;
  const example = naming.repoPath ?? naming.repo;
  const source = submissionLabel(given);
  if (isGitUrl(given)) return openClone(source, given, 'clone', options);
  if (given === '')
    throw new UserError(
      'EMPTY_ARGUMENT',
      `the submission argument is empty (''). Pass the ${naming.repo} folder, a git URL or an archive: wtlab grade ${example}`,
    );
  const local = await localPath(given);
  const found = await pathKind(local);
  if (found.kind === 'missing') {
    throw new UserError('NO_SUCH_PATH', `${source} does not exist. Pass the ${naming.repo} folder, a git URL or an archive: wtlab grade ${example}`);
  }
  if (found.kind === 'other') {
    throw new UserError(
      'NOT_A_FILE',
      `${source} is ${found.what}, not a folder or a regular file; wtlab does not read from it. Pass the ${naming.repo} folder or an archive of it: wtlab grade ${naming.repo}.tar.gz`,
    );
  }
  const archive = found.kind === 'file' ? archiveKind(source) : undefined;
  if (found.kind === 'file' && archive === undefined) {
    throw new UserError(
      'NOT_A_FOLDER',
      `${source} is a file, not a folder, git URL or archive (.tar, .tar.gz, .tgz, .zip, .bundle). Pass the ${naming.repo} folder: wtlab grade ${example}`,
    );
  }
  if (found.kind === 'folder' && !(await isBareRepo(local))) {
    const repo = await findFolderRepo(source, local, { naming });
    refuseShallow(repo.gitDir, source);
    const sandbox = await makeSandbox({ git: options.git, prefix: 'wtlab-grade-' });
    return { kind: 'folder', source, gitDir: repo.gitDir, mainWorktree: repo.mainWorktree, scratch: sandbox.base, close: () => sandbox.remove() };
  }
  if (archive === 'tar' || archive === 'zip') return openArchive(source, local, archive, options);
  return openClone(source, local, archive === 'bundle' ? 'bundle' : 'clone', options);
}

async function openArchive(source: string, local: string, archive: 'tar' | 'zip', options: OpenSubmissionOptions): Promise<OpenedSubmission> {
  const sandbox = await makeSandbox({ git: options.git, prefix: 'wtlab-grade-' });
  try {
    const into = join(sandbox.base, 'unpacked');
    await mkdir(into);
    // The archive readers load only for archives: grading a folder never pays for them.
    if (archive === 'tar') await (await import('./extract-tar.js')).extractTar(local, into, options.limits ?? DEFAULT_LIMITS);
    else await (await import('./extract-zip.js')).extractZip(local, into, options.limits ?? DEFAULT_LIMITS);
    const naming = options.naming ?? UNNAMED_APP;
    const found = await findRepoIn(into, { naming });
    if (found === undefined) {
      throw new UserError(
        'NO_REPO_IN_ARCHIVE',
        `archive ${source} holds no git repository. Archive the whole ${naming.repo} folder with its .git: tar -czf ${naming.repo}.tar.gz ${naming.repo}`,
      );
    }
    refuseShallow(found.gitDir, source);
    return {
      kind: 'archive',
      source,
      gitDir: found.gitDir,
      mainWorktree: found.mainWorktree,
      unpackedRoot: into,
      scratch: sandbox.base,
      close: () => sandbox.remove(),
    };
  } catch (error) {
    await sandbox.remove();
    throw error;
  }
}

async function openClone(source: string, from: string, kind: 'clone' | 'bundle', options: OpenSubmissionOptions): Promise<OpenedSubmission> {
  const sandbox = await makeSandbox({ git: options.git, prefix: 'wtlab-grade-' });
  try {
    const gitDir = await cloneInto(options.git, from, sandbox.base, options.naming ?? UNNAMED_APP);
    refuseShallow(gitDir, source);
    return { kind, source, gitDir, mainWorktree: undefined, scratch: sandbox.base, close: () => sandbox.remove() };
  } catch (error) {
    await sandbox.remove();
    throw error;
  }
}
