import type { BranchInfo } from './types.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';

export interface RefsRead {
  readonly branches: readonly BranchInfo[];
  readonly tags: readonly string[];
  readonly head: { readonly branch: string | undefined; readonly commit: string | undefined };
}

/** The commit a detached HEAD points at, as git resolves it. */
async function detachedHead(reader: ReadOnlyGit): Promise<string | undefined> {
  const result = await reader.inRepo(['rev-parse', '-q', '--verify', 'HEAD^{commit}'], reader.gitDir);
  const commit = result.stdout.trim();
  return result.exitCode === 0 && /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined;
}

/** The branch the main worktree's HEAD names (`git symbolic-ref`), when for-each-ref marked none: unborn, or detached. */
async function symbolicHead(reader: ReadOnlyGit): Promise<string | undefined> {
  const symbolic = await reader.inRepo(['symbolic-ref', '-q', 'HEAD'], reader.gitDir);
  return symbolic.exitCode === 0 ? /^refs\/heads\/(.+)$/.exec(symbolic.stdout.trim())?.[1] : undefined;
}

/**
 * Reads branches and tags with one `git for-each-ref`, whose `%(HEAD)` marks the branch the main worktree's HEAD
 * is on; only a HEAD on no listed branch (unborn, or detached) costs `git symbolic-ref` (and `git rev-parse` when
 * detached). Git reads the refs, so files and reftable repositories read alike.
 */
export async function readRefs(reader: ReadOnlyGit): Promise<RefsRead> {
  const listed = await reader.inRepo(['for-each-ref', '--format=%(objectname) %(objecttype) %(refname) %(HEAD)', 'refs/heads', 'refs/tags'], reader.gitDir);
  const branches: BranchInfo[] = [];
  const tags: string[] = [];
  let current: string | undefined;
  for (const line of expectOk(listed).stdout.split('\n').filter(Boolean)) {
    const [hash = '', , ref = '', marker = ''] = line.split(' ');
    if (ref.startsWith('refs/heads/')) {
      branches.push({ name: ref.slice('refs/heads/'.length), tip: hash });
      if (marker === '*') current = ref.slice('refs/heads/'.length);
    } else if (ref.startsWith('refs/tags/')) tags.push(hash);
  }
  const name = current ?? (await symbolicHead(reader));
  const head =
    name !== undefined
      ? { branch: name, commit: branches.find((branch) => branch.name === name)?.tip }
      : { branch: undefined, commit: await detachedHead(reader) };
  return { branches, tags, head };
}
