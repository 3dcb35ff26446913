import { join } from 'node:path';
import { readSmallFile } from './read-small-file.js';
import type { BranchInfo } from './types.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';

export interface RefsRead {
  readonly branches: readonly BranchInfo[];
  readonly tags: readonly string[];
  readonly head: { readonly branch: string | undefined; readonly commit: string | undefined };
}

/** Reads branches and tags with one `git for-each-ref`, and the main worktree's HEAD from its file. */
export async function readRefs(reader: ReadOnlyGit): Promise<RefsRead> {
  const result = expectOk(await reader.inRepo(['for-each-ref', '--format=%(objectname) %(objecttype) %(refname)', 'refs/heads', 'refs/tags'], reader.gitDir));
  const branches: BranchInfo[] = [];
  const tags: string[] = [];
  for (const line of result.stdout.split('\n').filter(Boolean)) {
    const [hash = '', , ref = ''] = line.split(' ');
    if (ref.startsWith('refs/heads/')) branches.push({ name: ref.slice('refs/heads/'.length), tip: hash });
    else if (ref.startsWith('refs/tags/')) tags.push(hash);
  }
  const headText = ((await readSmallFile(join(reader.gitDir, 'HEAD'), 64 * 1024)) ?? '').trim();
  const symbolic = /^ref: refs\/heads\/(.+)$/.exec(headText)?.[1];
  const head = symbolic !== undefined
    ? { branch: symbolic, commit: branches.find((branch) => branch.name === symbolic)?.tip }
    : { branch: undefined, commit: /^[0-9a-f]{40,64}$/.test(headText) ? headText : undefined };
  return { branches, tags, head };
}
