import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inheritedEnv } from '../process/inherited-env.js';
import { runProcess } from '../process/run-process.js';
import { GitVersionError } from './errors.js';

export interface BuildFromSourceOptions {
  /** Upstream git tarball (`git_X.orig.tar.xz`). */
  readonly tarball: string;
  /** The version the tarball must hold. */
  readonly version: string;
  /** Install prefix; the build bakes it in, so it is the final folder. */
  readonly prefix: string;
  /** Full `make` output goes here. */
  readonly logFile: string;
  /** @default 2 */
  readonly jobs?: number;
  readonly onProgress?: (line: string) => void;
  /**
   * Print a progress line every this many compiled files.
   * @default 100
   */
  readonly progressEvery?: number;
}

/** A git with no network transports, scripting languages, translations or GUIs: enough for local repos. */
export const minimalMakeFlags: readonly string[] = [
  'NO_CURL=1',
  'NO_PERL=1',
  'NO_PYTHON=1',
  'NO_TCLTK=1',
  'NO_GETTEXT=1',
  'NO_EXPAT=1',
  'NO_OPENSSL=1',
  'NO_INSTALL_HARDLINKS=1',
  'INSTALL_SYMLINKS=1',
];

/** Unpack a git tarball in a temp folder, `make` it with minimal flags and install it into prefix. */
export async function buildFromSource(options: BuildFromSourceOptions): Promise<void> {
  const { tarball, version, prefix, logFile, jobs = 2, onProgress = () => {}, progressEvery = 100 } = options;
  await requireTools();
  const work = await mkdtemp(join(tmpdir(), 'wtlab-git-build-'));
  const log = createWriteStream(logFile);
  try {
    const unpacked = await runProcess(['tar', '-xf', tarball, '-C', work, '--strip-components=1'], { cwd: work, env: inheritedEnv(), timeoutMs: 10 * 60_000 });
    if (unpacked.exitCode !== 0)
      throw new GitVersionError('BUILD_FAILED', `tar -xf ${tarball} failed (exit ${unpacked.exitCode}): ${unpacked.stderr.trim().split('\n')[0] ?? ''}`);
    const found = (await readFile(join(work, 'version'), 'utf8').catch(() => '')).trim();
    if (found !== version) {
      throw new GitVersionError('VERSION_MISMATCH', `${tarball} holds git ${found || '(no version file)'}, not ${version}`);
    }
    const flags = [`prefix=${prefix}`, ...minimalMakeFlags];
    onProgress(`building with make -j${jobs} ${minimalMakeFlags.join(' ')} (full output: ${logFile})`);
    let compiled = 0;
    await runMake(['-j', String(jobs), ...flags, 'all'], work, log, logFile, (line) => {
      if (/^\s+CC\s/.test(line)) {
        compiled += 1;
        if (compiled % progressEvery === 0) onProgress(`compiled ${compiled} files`);
      }
    });
    onProgress(`compiled ${compiled} files; installing into ${prefix}`);
    await runMake(['-j', String(jobs), ...flags, 'install'], work, log, logFile, () => {});
  } finally {
    await new Promise((resolve) => log.end(resolve));
    await rm(work, { recursive: true, force: true });
  }
}

async function runMake(args: readonly string[], cwd: string, log: NodeJS.WritableStream, logFile: string, onLine: (line: string) => void): Promise<void> {
  let last = '';
  const result = await runProcess(['make', ...args], {
    cwd,
    env: inheritedEnv({ LC_ALL: 'C' }),
    timeoutMs: 2 * 60 * 60_000,
    maxBuffer: 64 * 1024,
    onLine: (line) => {
      log.write(`${line}\n`);
      if (line.trim() !== '') last = line.trim();
      onLine(line);
    },
  });
  if (result.exitCode !== 0) {
    throw new GitVersionError(
      'BUILD_FAILED',
      `make ${args.at(-1) ?? ''} failed (exit ${result.exitCode ?? 'by signal'}; last line: ${last}); full output in ${logFile}`,
    );
  }
}

async function requireTools(): Promise<void> {
  for (const tool of ['make', 'cc', 'tar']) {
    const result = await runProcess([tool, '--version'], { cwd: '/', env: inheritedEnv() });
    if (result.exitCode !== 0) {
      throw new GitVersionError(
        'TOOL_MISSING',
        `${tool} is not available, and this version is built from source. Run: apt-get install build-essential zlib1g-dev`,
      );
    }
  }
}
