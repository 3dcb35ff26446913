import { mkdir, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { buildFromSource } from './build-from-source.js';
import { aptPackageVersion } from './apt-package-version.js';
import { gitCacheDir, gitVersionDir, type CacheDirOptions } from '../paths/cache-dir.js';
import { GitVersionError } from './errors.js';
import { fetchDeb } from './fetch-deb.js';
import { fetchSourceTarball } from './fetch-source.js';
import { findRecipe, knownGitVersions, type GitRecipe } from './known-versions.js';
import { readManifest, writeManifest, type GitManifest } from './manifest.js';
import { preparePrivateApt } from './private-apt.js';
import { upstreamVersion } from './debian-version.js';
import { probeGitVersion } from '../git/git-binary.js';

export interface InstallVersionOptions extends CacheDirOptions {
  /** Receives one human-readable line per step. */
  readonly onProgress?: (line: string) => void;
  /**
   * Parallel jobs for source builds.
   * @default 2
   */
  readonly jobs?: number;
  /**
   * Install again even when the version is cached.
   * @default false
   */
  readonly force?: boolean;
  /**
   * The machine's own git, used for the version it reports.
   * @default '/usr/bin/git'
   */
  readonly systemGit?: string;
}

type Installed = Omit<GitManifest, 'version' | 'installedAt'>;

/** Make one git version available in the cache (system git, Debian binary package or source build) and return its manifest. */
export async function installGitVersion(version: string, options: InstallVersionOptions = {}): Promise<GitManifest> {
  const { onProgress: report = () => {}, force = false, systemGit = '/usr/bin/git' } = options;
  const onProgress = (line: string): void => report(`git ${version}: ${line}`);
  if (!/^\d+(\.\d+){1,3}$/.test(version)) {
    throw new GitVersionError('UNKNOWN_VERSION', `${JSON.stringify(version)} is not a git version number such as 2.47.3`);
  }
  const dir = gitVersionDir(version, options);

  const cached = await readManifest(dir);
  if (cached !== undefined && !force) {
    onProgress(`already installed (${cached.bin})`);
    return cached;
  }

  let created = false;
  try {
    const recipe = await chooseRecipe(version, systemGit);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    created = true;
    const context: RecipeContext = { version, dir, root: gitCacheDir(options), jobs: options.jobs ?? 2, onProgress };
    const installed =
      recipe.kind === 'system'
        ? { bin: await realpath(systemGit), execPath: null, source: 'system' as const }
        : recipe.kind === 'deb'
          ? await installDeb(recipe.suite, context)
          : await installSourceBuild(recipe.suite, context);

    const reported = await probeGitVersion(installed.bin, { execPath: installed.execPath });
    if (reported !== version) {
      throw new GitVersionError('VERSION_MISMATCH', `${installed.bin} reports git ${reported ?? '(does not run)'}`);
    }
    const manifest: GitManifest = { version, ...installed, installedAt: new Date().toISOString() };
    await writeManifest(dir, manifest);
    onProgress(`installed (${manifest.source}): ${manifest.bin}`);
    return manifest;
  } catch (error) {
    if (created) await rm(dir, { recursive: true, force: true });
    if (!(error instanceof GitVersionError)) throw error;
    throw new GitVersionError(error.code, `git ${version}: ${error.message}`);
  }
}

interface RecipeContext {
  readonly version: string;
  readonly dir: string;
  readonly root: string;
  readonly jobs: number;
  readonly onProgress: (line: string) => void;
}

async function chooseRecipe(version: string, systemGit: string): Promise<GitRecipe> {
  const systemVersion = await probeGitVersion(systemGit);
  if (systemVersion === version) return { kind: 'system', version, note: `this machine's ${systemGit}` };
  const recipe = findRecipe(version);
  if (recipe === undefined) {
    const known = knownGitVersions.map((known) => known.version).join(', ');
    throw new GitVersionError('UNKNOWN_VERSION', `not a version wtlab can install (known: ${known}; ${systemGit} here is ${systemVersion ?? 'missing'})`);
  }
  if (recipe.kind === 'system') {
    throw new GitVersionError('NOT_AVAILABLE', `it is ${recipe.note}, but ${systemGit} here is ${systemVersion ?? 'missing'}`);
  }
  return recipe;
}

async function installDeb(suite: string, context: RecipeContext): Promise<Installed> {
  const { version, dir, root, onProgress } = context;
  const apt = await preparePrivateApt({ suite, stateDir: join(root, '.apt'), onProgress });
  const debianVersion = requireUpstream(await aptPackageVersion(apt, 'git', 'binary'), version, suite);
  onProgress(`downloading Debian ${suite} package git ${debianVersion} and unpacking it with dpkg -x`);
  await fetchDeb({ apt, pkg: 'git', debianVersion, dest: dir });
  return { bin: join(dir, 'usr', 'bin', 'git'), execPath: join(dir, 'usr', 'lib', 'git-core'), source: 'deb' };
}

async function installSourceBuild(suite: string, context: RecipeContext): Promise<Installed> {
  const { version, dir, root, jobs, onProgress } = context;
  const apt = await preparePrivateApt({ suite, stateDir: join(root, '.apt'), onProgress });
  const debianVersion = requireUpstream(await aptPackageVersion(apt, 'git', 'source'), version, suite);
  onProgress(`downloading Debian ${suite} source package git ${debianVersion}`);
  const tarball = await fetchSourceTarball({ apt, pkg: 'git', debianVersion, dest: join(apt.dir, 'source', debianVersion) });
  await mkdir(join(root, '.logs'), { recursive: true });
  onProgress('building from source, about two minutes');
  await buildFromSource({ tarball, version, prefix: dir, logFile: join(root, '.logs', `${version}.log`), jobs, onProgress });
  return { bin: join(dir, 'bin', 'git'), execPath: null, source: 'source-build' };
}

function requireUpstream(debianVersion: string, version: string, suite: string): string {
  const upstream = upstreamVersion(debianVersion);
  if (upstream !== version) {
    throw new GitVersionError(
      'NOT_AVAILABLE',
      `Debian ${suite} now carries git ${upstream} (${debianVersion}), not ${version}; update knownGitVersions in src/git-versions/known-versions.ts`,
    );
  }
  return debianVersion;
}
