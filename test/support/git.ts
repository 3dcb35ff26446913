import { resolveGitBinary, type GitBinary } from '../../src/git/git-binary.js';
import { resolveLabFolder, type LabFolder } from '../../src/lab/lab-folder.js';

let cached: Promise<GitBinary> | undefined;

/** The git the tests run on: `WTLAB_GIT` or git on PATH. */
export function testGit(): Promise<GitBinary> {
  cached ??= resolveGitBinary();
  return cached;
}

/** Our own lab fixture. */
export function testLab(): LabFolder {
  return resolveLabFolder();
}
