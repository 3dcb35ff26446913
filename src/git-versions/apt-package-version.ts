import { runApt, type PrivateApt } from './private-apt.js';
import { GitVersionError } from './errors.js';

/** Debian version of a binary or source package that a suite carries now. */
export async function aptPackageVersion(apt: PrivateApt, pkg: string, type: 'binary' | 'source'): Promise<string> {
  const output =
    type === 'binary' ? await runApt(apt, 'apt-cache', ['policy', pkg], apt.dir) : await runApt(apt, 'apt-cache', ['showsrc', '--only-source', pkg], apt.dir);
  const pattern = type === 'binary' ? /^\s*Candidate:\s*(\S+)/m : /^Version:\s*(\S+)/m;
  const version = pattern.exec(output)?.[1];
  if (version === undefined || version === '(none)') {
    throw new GitVersionError('NOT_AVAILABLE', `Debian ${apt.suite} has no ${type} package ${pkg}`);
  }
  return version;
}
