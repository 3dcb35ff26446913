import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../cli/user-error.js';
import type { GitBinary } from '../git/git-binary.js';
import { runGit } from '../git/run-git.js';
import { sealedEnv } from '../git/sealed-env.js';
import { makeSandbox } from '../sandbox/sandbox.js';
import { extractTar } from './extract-tar.js';
import { findMainWorktree, findRepoIn, isBareRepo } from './find-repo.js';
import { DEFAULT_LIMITS, type ExtractLimits, type OpenedSubmission } from './types.js';

export interface OpenSubmissionOptions {
  readonly git: GitBinary;
  readonly limits?: ExtractLimits;
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

async function cloneInto(git: GitBinary, source: string, scratch: string): Promise<string> {
  const target = join(scratch, 'clone.git');
  const env = sealedEnv({ git, home: join(scratch, 'home') });
  await mkdir(join(scratch, 'home'), { recursive: true });
  const result = await runGit(git, ['clone', '--mirror', '--no-local', '--quiet', source, target], {
    cwd: scratch,
    env,
    config: { 'core.hooksPath': '/dev/null', 'core.fsmonitor': 'false', 'protocol.ext.allow': 'never' },
    timeoutMs: 300_000,
  });
  if (result.exitCode !== 0) {
    const reason = result.stderr.trim().split('\n').pop() ?? `exit code ${result.exitCode}`;
    throw new UserError('CLONE_FAILED', `cannot clone ${source}: ${reason}. Check the URL or path, or grade the folder itself: npx wtlab grade ~/ai-workflow-course/tasks-app`);
  }
  return target;
}

/** Opens a folder, URL, bare repo or archive as a repository to read; throws a UserError when it is none. */
export async function openSubmission(source: string, options: OpenSubmissionOptions): Promise<OpenedSubmission> {
  const archive = archiveKind(source);
  const local = resolve(source);
  if (!isGitUrl(source) && !existsSync(local)) {
    throw new UserError('NO_SUCH_PATH', `${source} does not exist. Pass the tasks-app folder, a git URL or an archive: npx wtlab grade ~/ai-workflow-course/tasks-app`);
  }
  if (archive === undefined && !isGitUrl(source) && statSync(local).isDirectory() && !isBareRepo(local)) {
    const found = findMainWorktree(local);
    if (found === undefined) {
      throw new UserError('NOT_A_REPO', `${source} is not inside a git repository. Run wtlab grade in your tasks-app folder, or pass it: npx wtlab grade ~/ai-workflow-course/tasks-app`);
    }
    const sandbox = await makeSandbox(options.git, 'wtlab-grade-');
    return { kind: 'folder', source, gitDir: found.gitDir, mainWorktree: found.mainWorktree, scratch: sandbox.base, close: () => sandbox.remove() };
  }
  const sandbox = await makeSandbox(options.git, 'wtlab-grade-');
  try {
    if (archive === 'tar' || archive === 'zip') {
      const into = join(sandbox.base, 'unpacked');
      await mkdir(into);
      if (archive === 'tar') await extractTar(local, into, options.limits ?? DEFAULT_LIMITS);
      else await (await import('./extract-zip.js')).extractZip(local, into, options.limits ?? DEFAULT_LIMITS);
      const found = await findRepoIn(into);
      if (found === undefined) {
        throw new UserError('NO_REPO_IN_ARCHIVE', `archive ${source} holds no git repository. Archive the whole tasks-app folder with its .git: tar -czf tasks-app.tar.gz tasks-app`);
      }
      return { kind: 'archive', source, gitDir: found.gitDir, mainWorktree: found.mainWorktree, scratch: sandbox.base, close: () => sandbox.remove() };
    }
    const gitDir = await cloneInto(options.git, isGitUrl(source) ? source : local, sandbox.base);
    return { kind: archive === 'bundle' ? 'bundle' : 'clone', source, gitDir, mainWorktree: undefined, scratch: sandbox.base, close: () => sandbox.remove() };
  } catch (error) {
    await sandbox.remove();
    throw error;
  }
}
