import type { Command } from 'commander';
import { gitCacheDir } from '../../paths/cache-dir.js';
import { GitVersionError } from '../../git-versions/errors.js';
import { installGitVersion, type InstallVersionOptions } from '../../git-versions/install-version.js';
import { knownGitVersions } from '../../git-versions/known-versions.js';
import { listInstalled } from '../../git-versions/list-installed.js';
import { positiveInteger } from '../options.js';

export interface GitCommandIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
}

const processIo: GitCommandIo = {
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
};

export interface GitCommandOptions extends InstallVersionOptions {
  /** Where lines go. @default standard output and standard error */
  readonly io?: GitCommandIo;
}

/** Installs each version (default: every known one), progress on stderr; exit 2 when one cannot be had, after trying the rest. */
export async function runGitInstall(versions: readonly string[], options: GitCommandOptions = {}): Promise<number> {
  const { io = processIo, ...installOptions } = options;
  const wanted = versions.length > 0 ? versions : knownGitVersions.map((recipe) => recipe.version);
  let exitCode = 0;
  for (const version of wanted) {
    try {
      const manifest = await installGitVersion(version, { onProgress: io.stderr, ...installOptions });
      io.stdout([manifest.version, manifest.source, manifest.bin].join('\t'));
    } catch (error) {
      if (!(error instanceof GitVersionError)) throw error;
      io.stderr(`wtlab: ${error.message}`);
      exitCode = 2;
    }
  }
  return exitCode;
}

/** Prints one line per cached version (version, source, binary, exec path), or the manifests as JSON. */
export async function runGitList(options: GitCommandOptions & { readonly json?: boolean } = {}): Promise<number> {
  const { io = processIo, ...listOptions } = options;
  const installed = await listInstalled(listOptions);
  if (options.json) {
    io.stdout(JSON.stringify(installed, null, 2));
  } else {
    for (const manifest of installed) io.stdout([manifest.version, manifest.source, manifest.bin, manifest.execPath ?? '-'].join('\t'));
  }
  return 0;
}

interface InstallFlags {
  readonly jobs?: number;
  readonly force?: boolean;
}

/** `wtlab git install|list`: git versions for the scenario matrix, cached outside the repository. */
export function registerGit(program: Command): void {
  const git = program.command('git').description(`git versions for the scenario matrix, cached in ${gitCacheDir()}`);
  git
    .command('install')
    .description('make git versions available in the cache (system git, Debian package or source build)')
    .argument('[version...]', `versions to install (default: ${knownGitVersions.map((recipe) => recipe.version).join(' ')})`)
    .option('--jobs <n>', 'parallel make jobs for source builds', positiveInteger, 2)
    .option('--force', 'install again even when cached')
    .addHelpText(
      'after',
      '\nCache folder: $WTLAB_CACHE/git, else $XDG_CACHE_HOME/wtlab/git, else ~/.cache/wtlab/git.\n\nExamples:\n  wtlab git install\n  wtlab git install 2.30.2 2.47.3',
    )
    .action(async (versions: string[], flags: InstallFlags) => {
      process.exitCode = await runGitInstall(versions, { ...(flags.jobs !== undefined ? { jobs: flags.jobs } : {}), force: flags.force === true });
    });
  git
    .command('list')
    .description('list the cached git versions: version, source, binary, GIT_EXEC_PATH')
    .option('--json', 'print the manifests as JSON')
    .action(async (flags: { readonly json?: boolean }) => {
      process.exitCode = await runGitList({ json: flags.json === true });
    });
}
