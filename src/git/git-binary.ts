import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { locateExecutable } from '../process/locate-executable.js';
import { runProcess } from '../process/run-process.js';
import { cachedGitVersion, rememberGitVersion } from './git-version-cache.js';

/** A git program to run, with what it needs to find its helpers, and the version it reports. */
export interface GitBinary {
  /** Absolute path of the `git` executable. */
  readonly path: string;
  /** `GIT_EXEC_PATH` for binaries unpacked or built outside their compiled-in prefix. */
  readonly execPath: string | undefined;
  /** As printed by `git --version`, e.g. `2.39.5`. */
  readonly version: string;
}

/** The helper folder beside a git binary laid out as a Debian package or a `make install` prefix. */
export function findExecPath(gitPath: string): string | undefined {
  const bindir = dirname(realpathSync(gitPath));
  for (const candidate of [join(bindir, '..', 'lib', 'git-core'), join(bindir, '..', 'libexec', 'git-core')]) {
    if (existsSync(join(candidate, 'git'))) return resolve(candidate);
  }
  return undefined;
}

/** Parses `git version 2.39.5` (and vendor suffixes such as `2.39.5.windows.1`) into `2.39.5`. */
export function parseGitVersion(output: string): string | undefined {
  return /^git version (\d+\.\d+(?:\.\d+)?)/m.exec(output)?.[1];
}

export interface ProbeOptions {
  /** `GIT_EXEC_PATH` for a binary outside its compiled-in prefix (a manifest may hold null for none). @default none */
  readonly execPath?: string | null;
}

/** The one `git --version` probe: the version a git binary reports (run from `/`, `LC_ALL=C`, no HOME), or undefined when it does not run or prints no version. */
export async function probeGitVersion(bin: string, options: ProbeOptions = {}): Promise<string | undefined> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', HOME: '/nonexistent' };
  if (options.execPath) env.GIT_EXEC_PATH = options.execPath;
  const result = await runProcess([bin, '--version'], { cwd: '/', env, timeoutMs: 10_000 });
  return result.exitCode === 0 ? parseGitVersion(result.stdout) : undefined;
}

/** Resolves `--git BIN` / `WTLAB_GIT` / `git` on PATH to a runnable git, or fails with a UserError. */
export async function resolveGitBinary(requested?: string): Promise<GitBinary> {
  const name = requested ?? process.env.WTLAB_GIT ?? 'git';
  const path = locateExecutable(name);
  if (path === undefined) {
    throw new UserError('GIT_NOT_FOUND', `git binary ${name} is not an executable file. Pass --git /path/to/git or set WTLAB_GIT.`);
  }
  const execPath = findExecPath(path);
  const known = cachedGitVersion(path);
  if (known !== undefined) return { path, execPath, version: known };
  const version = await probeGitVersion(path, { execPath });
  if (version === undefined) {
    throw new UserError('NOT_GIT', `${path} is not git: \`${name} --version\` did not print a git version. Pass --git /path/to/git.`);
  }
  rememberGitVersion(path, version);
  return { path, execPath, version };
}

/** Compares dotted versions: negative when a < b, zero when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map(Number);
  const right = b.split('.').map(Number);
  for (let i = 0; i < Math.max(left.length, right.length); i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
