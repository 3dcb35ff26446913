import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { readLearnerFile } from '../evidence/read-small-file.js';
import type { GitBinary } from './git-binary.js';
import { runGit } from './run-git.js';

export interface SafeGitConfigOptions {
  readonly git: GitBinary;
  /** The sealed environment the grading calls use; its `HOME` expands `~/` in include paths. */
  readonly env: Readonly<Record<string, string>>;
  /** More config files to read besides the repository's own, e.g. linked worktrees' `config.worktree`. @default [] */
  readonly moreFiles?: readonly string[];
}

/**
 * Settings that switch off every program a repository's config can name, whatever the repository says.
 * `-c` settings are read last, so they win over the repository's config and over any file it includes.
 */
const FIXED: Readonly<Record<string, string>> = {
  'core.fsmonitor': 'false',
  'core.useBuiltinFSMonitor': 'false',
  'core.hooksPath': '/dev/null',
  'core.pager': 'cat',
  'core.editor': 'true',
  'sequence.editor': 'true',
  'core.askPass': '',
  'core.sshCommand': 'false',
  'core.alternateRefsCommand': '',
  'core.attributesFile': '/dev/null',
  // A repository may name any file here (a FIFO, /proc/kmsg): git would block reading it.
  'core.excludesFile': '/dev/null',
  // Fails closed: grading passes SAFE_DIFF_ARGS, which never consult diff.external at all.
  'diff.external': '',
  'credential.helper': '',
  'gpg.program': 'false',
  'gpg.openpgp.program': 'false',
  'gpg.x509.program': 'false',
  'gpg.ssh.program': 'false',
  'gpg.ssh.defaultKeyCommand': 'false',
  'log.showSignature': 'false',
  'protocol.allow': 'never',
  'protocol.file.allow': 'user',
  'protocol.ext.allow': 'never',
  'submodule.recurse': 'false',
  // Keeps status and diff out of submodules and embedded repositories, whose own config names drivers too.
  'diff.ignoreSubmodules': 'all',
  'diff.submodule': 'short',
  'status.submoduleSummary': 'false',
  'gc.auto': '0',
  'maintenance.auto': 'false',
};

/** Settings per named driver: `filter.NAME.*`, `diff.NAME.*` and the like, found by reading the config files. */
const PER_NAME: Readonly<Record<string, (name: string) => Readonly<Record<string, string>>>> = {
  filter: (name) => ({ [`filter.${name}.clean`]: '', [`filter.${name}.smudge`]: '', [`filter.${name}.process`]: '', [`filter.${name}.required`]: 'false' }),
  diff: (name) => ({ [`diff.${name}.textconv`]: 'cat', [`diff.${name}.cachetextconv`]: 'false', [`diff.${name}.command`]: '' }),
  merge: (name) => ({ [`merge.${name}.driver`]: 'exit 1' }),
  remote: (name) => ({ [`remote.${name}.uploadpack`]: 'git-upload-pack', [`remote.${name}.receivepack`]: 'git-receive-pack', [`remote.${name}.vcs`]: '' }),
  submodule: (name) => ({ [`submodule.${name}.update`]: 'none' }),
  tar: (name) => ({ [`tar.${name}.command`]: 'gzip -cn' }),
};

/**
 * Diff options that keep `git diff`, `diff-files`, `log -p` and `show` from running external diff programs or
 * textconv filters, and out of submodules (plumbing such as `diff-files` ignores `diff.ignoreSubmodules`).
 * Note: `git diff` against the work tree rewrites `.git/index` even with `GIT_OPTIONAL_LOCKS=0`; in a
 * submission folder read the work tree with `status --porcelain` or `diff-files` instead.
 */
export const SAFE_DIFF_ARGS: readonly string[] = ['--no-ext-diff', '--no-textconv', '--ignore-submodules=all'];

/** Environment additions for every grading git call: no optional index writes, no system or global config, no network lazy fetch. */
export function safeGitEnv(): Readonly<Record<string, string>> {
  return {
    GIT_OPTIONAL_LOCKS: '0',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_ATTR_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_LAZY_FETCH: '1',
    GIT_NO_REPLACE_OBJECTS: '1',
  };
}

/** Variables that make git run a program; `sealedEnv` never passes them on, and grading must not add them. */
export const UNSAFE_ENV_KEYS: readonly string[] = [
  'GIT_EXTERNAL_DIFF',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'GIT_PROXY_COMMAND',
  'GIT_SEQUENCE_EDITOR',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_ALLOW_PROTOCOL',
];

/** The config files git reads for a common git dir, before includes: its own, and the per-worktree one. */
export function repoConfigFiles(gitDir: string): string[] {
  return [join(gitDir, 'config'), join(gitDir, 'config.worktree')];
}

function parseNullList(text: string): [string, string][] {
  return text
    .split('\0')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const newline = entry.indexOf('\n');
      return newline === -1 ? [entry, ''] : [entry.slice(0, newline), entry.slice(newline + 1)];
    });
}

function unsafeConfig(message: string): UserError {
  return new UserError('UNSAFE_CONFIG', message);
}

/** Folders whose files are the kernel's, not the learner's: an include into them is never a config file. */
const SYSTEM_FOLDERS = ['/proc/', '/sys/', '/dev/'];

/** Reads one config file through the safe reader and lists it with `git config --file - --no-includes` (which runs nothing the file names); undefined when it is missing. */
async function readConfigFile(file: string, options: SafeGitConfigOptions, includedFrom: string | undefined): Promise<[string, string][] | undefined> {
  const read = await readLearnerFile(file, { maxBytes: 1024 * 1024, timeoutMs: 5_000, followLast: true });
  if (!read.ok && read.reason === 'missing') return undefined;
  const real = await realpath(file).catch(() => file);
  if (!read.ok || SYSTEM_FOLDERS.some((folder) => real.startsWith(folder))) {
    const why = read.ok ? `${file} is a system file, not a config file` : read.detail;
    throw unsafeConfig(
      includedFrom === undefined
        ? `the repository's config file cannot be read safely: ${why}. Check it with: git config --file ${file} --list`
        : `the repository's config includes ${file}, which git would read but wtlab will not: ${why}. Remove that include from ${includedFrom}`,
    );
  }
  const result = await runGit(options.git, ['config', '--no-includes', '--file', '-', '--list', '--null'], {
    cwd: '/',
    env: { ...options.env, ...safeGitEnv() },
    input: read.bytes,
    timeoutMs: 20_000,
  });
  if (result.exitCode !== 0) {
    const reason = result.stderr.trim().split('\n')[0] ?? `exit code ${result.exitCode}`;
    throw new UserError(
      'UNREADABLE_CONFIG',
      `the repository's config file ${file} cannot be read safely (${reason.replace('standard input', file)}). Check it with: git config --file ${file} --list`,
    );
  }
  return parseNullList(result.stdout);
}

/** Where git would look for an included file; `~user/...` (another user's home) is refused, never expanded. */
function includeTarget(value: string, from: string, home: string | undefined): string | undefined {
  if (value === '') return undefined;
  if (value === '~' || value.startsWith('~/')) return home === undefined ? undefined : join(home, value.slice(2));
  if (value.startsWith('~')) {
    throw unsafeConfig(
      `the repository's config includes ${JSON.stringify(value)}, a path in another user's home: git would read that file, and wtlab does not follow it. Remove that include from ${from}`,
    );
  }
  return isAbsolute(value) ? value : resolve(dirname(from), value);
}

function isIncludeKey(key: string): boolean {
  return key === 'include.path' || (key.startsWith('includeif.') && key.endsWith('.path'));
}

/**
 * Every key in these config files and in every file they include (whatever the include's condition), up to git's
 * depth of 10. Each file is read through the safe reader: an include git would follow to a FIFO, a device, a
 * system file or another user's home makes this throw a UserError instead.
 */
export async function collectConfigKeys(files: readonly string[], options: SafeGitConfigOptions): Promise<string[]> {
  const keys: string[] = [];
  const seen = new Set<string>();
  const visit = async (file: string, depth: number, from: string | undefined): Promise<void> => {
    if (depth > 10 || seen.has(file)) return;
    seen.add(file);
    const entries = await readConfigFile(file, options, from);
    for (const [key, value] of entries ?? []) {
      keys.push(key);
      const target = isIncludeKey(key.toLowerCase()) ? includeTarget(value, file, options.env.HOME) : undefined;
      if (target !== undefined) await visit(target, depth + 1, file);
    }
  };
  for (const file of files) await visit(file, 0, undefined);
  return keys;
}

function subsectionOf(key: string): [string, string] | undefined {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  if (first === -1 || last === first) return undefined;
  return [key.slice(0, first).toLowerCase(), key.slice(first + 1, last)];
}

/**
 * The `-c` settings (for runGit's `config`) that keep a repository's config from running any program while wtlab
 * reads it. `gitDir` is the common git dir itself (never located again from it: a `.git/.git` is not followed).
 */
export async function safeGitConfig(gitDir: string, options: SafeGitConfigOptions): Promise<Record<string, string>> {
  const keys = await collectConfigKeys([...repoConfigFiles(gitDir), ...(options.moreFiles ?? [])], options);
  const settings: Record<string, string> = { ...FIXED };
  for (const key of keys) {
    const parts = subsectionOf(key);
    const perName = parts === undefined ? undefined : PER_NAME[parts[0]];
    if (parts === undefined || perName === undefined) continue;
    // A `-c` setting is passed as UTF-8: a driver whose name is other bytes could not be switched off.
    if (parts[1].includes('\ufffd'))
      throw unsafeConfig(
        `the repository's config names a ${parts[0]} driver whose name is not UTF-8 (${JSON.stringify(parts[1])}), which wtlab cannot switch off. Rename or remove it: git config --remove-section "${parts[0]}.NAME"`,
      );
    // git splits `-c NAME=VALUE` at the first `=`: a driver whose name holds one could not be named, so not switched off.
    if (parts[1].includes('='))
      throw unsafeConfig(
        `the repository's config names a ${parts[0]} driver whose name holds "=" (${JSON.stringify(parts[1])}), which wtlab cannot switch off. Rename or remove it: git config --remove-section ${JSON.stringify(`${parts[0]}.${parts[1]}`)}`,
      );
    Object.assign(settings, perName(parts[1]));
  }
  return settings;
}
