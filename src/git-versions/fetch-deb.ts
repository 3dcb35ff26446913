import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { inheritedEnv } from '../process/inherited-env.js';
import { runProcess } from '../process/run-process.js';
import { GitVersionError } from './errors.js';
import { runApt, type PrivateApt } from './private-apt.js';

export interface FetchDebOptions {
  readonly apt: PrivateApt;
  readonly pkg: string;
  /** Exact Debian version, e.g. `1:2.30.2-1+deb11u2`. */
  readonly debianVersion: string;
  /** Folder the package's files are unpacked into (`dpkg -x`). */
  readonly dest: string;
}

/** Download one binary package and unpack it without installing it. */
export async function fetchDeb(options: FetchDebOptions): Promise<void> {
  const { apt, pkg, debianVersion, dest } = options;
  const downloads = await mkdtemp(join(apt.dir, 'download-'));
  try {
    await runApt(apt, 'apt-get', ['download', `${pkg}=${debianVersion}`], downloads);
    const deb = (await readdir(downloads)).find((name) => name.endsWith('.deb'));
    if (deb === undefined) {
      throw new GitVersionError('DOWNLOAD_FAILED', `apt-get download ${pkg}=${debianVersion} left no .deb file in ${downloads}`);
    }
    const result = await runProcess(['dpkg', '-x', join(downloads, deb), dest], { cwd: downloads, env: inheritedEnv(), timeoutMs: 10 * 60_000 });
    if (result.exitCode !== 0) {
      throw new GitVersionError('TOOL_MISSING', `dpkg -x ${deb} ${dest} failed: ${result.stderr.split('\n')[0] || `exit code ${result.exitCode}`}`);
    }
  } finally {
    await rm(downloads, { recursive: true, force: true });
  }
}
