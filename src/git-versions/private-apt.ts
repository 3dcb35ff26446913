import { access, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inheritedEnv } from '../process/inherited-env.js';
import { runProcess } from '../process/run-process.js';
import { GitVersionError } from './errors.js';
import { findDebianMirror, readAptSources } from './find-mirror.js';

export interface PrivateApt {
  readonly suite: string;
  /** `-o` options that point apt-get and apt-cache at the private state. */
  readonly args: readonly string[];
  readonly dir: string;
}

export interface PrivateAptOptions {
  readonly suite: string;
  /** Folder for the private apt state; one sub-folder per suite. */
  readonly stateDir: string;
  readonly onProgress?: (line: string) => void;
  /**
   * Refresh lists older than this.
   * @default 86_400_000 (one day)
   */
  readonly maxListAgeMs?: number;
  /** @default '/etc/apt' */
  readonly etcApt?: string;
}

const keyring = '/usr/share/keyrings/debian-archive-keyring.gpg';

/** An apt setup of its own for one Debian suite (binary and source lists), leaving the machine's apt alone. */
export async function preparePrivateApt(options: PrivateAptOptions): Promise<PrivateApt> {
  const { suite, onProgress = () => {}, maxListAgeMs = 86_400_000 } = options;
  await requireAptGet(suite);
  const mirror = findDebianMirror(await readAptSources(options.etcApt));
  if (mirror === undefined) {
    throw new GitVersionError('NOT_AVAILABLE', `no Debian archive found in ${options.etcApt ?? '/etc/apt'} sources, so Debian ${suite} cannot be reached`);
  }
  try {
    await access(keyring);
  } catch {
    throw new GitVersionError('TOOL_MISSING', `${keyring} is missing. Run: apt-get install debian-archive-keyring`);
  }

  const dir = join(options.stateDir, suite);
  const sourcesList = join(dir, 'sources.list');
  const status = join(dir, 'status');
  await mkdir(join(dir, 'lists', 'partial'), { recursive: true });
  await mkdir(join(dir, 'cache', 'archives', 'partial'), { recursive: true });
  await writeFile(sourcesList, [`deb [signed-by=${keyring}] ${mirror} ${suite} main`, `deb-src [signed-by=${keyring}] ${mirror} ${suite} main`, ''].join('\n'));
  await writeFile(status, '', { flag: 'a' });
  const args = [
    '-o',
    `Dir::Etc::sourcelist=${sourcesList}`,
    '-o',
    'Dir::Etc::sourceparts=-',
    '-o',
    `Dir::State::Lists=${join(dir, 'lists')}`,
    '-o',
    `Dir::Cache=${join(dir, 'cache')}`,
    '-o',
    `Dir::State::status=${status}`,
  ];
  const apt: PrivateApt = { suite, args, dir };

  const stamp = join(dir, 'updated-at');
  if (await isOlderThan(stamp, maxListAgeMs)) {
    onProgress(`updating private apt lists for Debian ${suite}`);
    await runApt(apt, 'apt-get', ['update'], dir);
    await writeFile(stamp, `${new Date().toISOString()}\n`);
  }
  return apt;
}

/** Run apt-get or apt-cache on the private state; apt's own error line becomes the reason. */
export async function runApt(apt: PrivateApt, tool: 'apt-get' | 'apt-cache', args: readonly string[], cwd: string): Promise<string> {
  const result = await runProcess([tool, ...apt.args, ...args], { cwd, env: inheritedEnv({ LC_ALL: 'C' }), timeoutMs: 30 * 60_000 });
  if (result.exitCode !== 0) {
    const reason = result.stderr.split('\n').find((line) => line.startsWith('E:')) ?? `exit code ${result.exitCode}${result.timedOut ? ' (timed out)' : ''}`;
    throw new GitVersionError('DOWNLOAD_FAILED', `${tool} ${args.join(' ')} failed for Debian ${apt.suite}: ${reason}`);
  }
  return result.stdout;
}

async function requireAptGet(suite: string): Promise<void> {
  const result = await runProcess(['apt-get', '--version'], { cwd: '/', env: inheritedEnv() });
  if (result.exitCode !== 0) {
    throw new GitVersionError('TOOL_MISSING', `apt-get is not available here, and this version comes from Debian ${suite}'s archive`);
  }
}

async function isOlderThan(path: string, ageMs: number): Promise<boolean> {
  try {
    const { mtimeMs } = await stat(path);
    return Date.now() - mtimeMs > ageMs;
  } catch {
    return true;
  }
}
