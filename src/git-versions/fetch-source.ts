import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GitVersionError } from './errors.js';
import { runApt, type PrivateApt } from './private-apt.js';

export interface FetchSourceOptions {
  readonly apt: PrivateApt;
  readonly pkg: string;
  /** Exact Debian version, e.g. `1:2.47.3-0+deb13u1`. */
  readonly debianVersion: string;
  /** Folder that keeps the downloaded source package files. */
  readonly dest: string;
}

/** Download a Debian source package (no unpacking) and return the path of its upstream tarball. */
export async function fetchSourceTarball(options: FetchSourceOptions): Promise<string> {
  const { apt, pkg, debianVersion, dest } = options;
  await mkdir(dest, { recursive: true });
  const findTarball = async (): Promise<string | undefined> => (await readdir(dest)).find((name) => /\.orig\.tar\.(xz|gz|bz2)$/.test(name));
  if ((await findTarball()) === undefined) {
    await runApt(apt, 'apt-get', ['source', '--download-only', `${pkg}=${debianVersion}`], dest);
  }
  const tarball = await findTarball();
  if (tarball === undefined) {
    throw new GitVersionError('DOWNLOAD_FAILED', `apt-get source ${pkg}=${debianVersion} left no .orig.tar file in ${dest}`);
  }
  return join(dest, tarball);
}
