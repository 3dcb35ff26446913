import type { FilesAt } from './types.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';

/** The lab files whose content graders look at. */
export const LAB_FILES = ['cli.py', 'tasks.py', 'worktree-quiz.json'] as const;

/** Splits `git cat-file --batch` output (read as UTF-8 text) into one content per request, `null` for missing ones. */
export function parseBatch(output: string, count: number): (string | null)[] {
  const bytes = Buffer.from(output, 'utf8');
  const contents: (string | null)[] = [];
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    const end = bytes.indexOf(10, at);
    if (end === -1) throw new Error('git cat-file --batch output ended early');
    const header = bytes.subarray(at, end).toString('utf8');
    at = end + 1;
    const found = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (found === null) {
      contents.push(null);
      continue;
    }
    const size = Number(found[2]);
    contents.push(found[1] === 'blob' ? bytes.subarray(at, at + size).toString('utf8') : null);
    at += size + 1;
  }
  return contents;
}

/** Reads the lab files at several commits with one `git cat-file --batch`. */
export async function readFilesAt(reader: ReadOnlyGit, refs: readonly { readonly ref: string; readonly commit: string }[], paths: readonly string[] = LAB_FILES): Promise<FilesAt[]> {
  const requests = refs.flatMap(({ commit }) => paths.map((path) => `${commit}:${path}`));
  if (requests.length === 0) return [];
  const result = expectOk(await reader.inView(['cat-file', '--batch'], `${requests.join('\n')}\n`));
  const contents = parseBatch(result.stdout, requests.length);
  return refs.map(({ ref, commit }, index) => ({
    ref,
    commit,
    files: Object.fromEntries(paths.map((path, offset) => [path, contents[index * paths.length + offset] ?? null])),
  }));
}
