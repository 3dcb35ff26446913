import type { FilesAt } from './types.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';

/** One object `git cat-file --batch` answered for: its type (undefined when missing) and, for a blob, its text. */
export interface BatchObject {
  readonly type: string | undefined;
  readonly text: string | null;
}

/** Splits `git cat-file --batch` output (read as UTF-8 text) into one object per request. */
export function parseBatch(output: string, count: number): BatchObject[] {
  const bytes = Buffer.from(output, 'utf8');
  const objects: BatchObject[] = [];
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    const end = bytes.indexOf(10, at);
    if (end === -1) throw new Error('git cat-file --batch output ended early');
    const header = bytes.subarray(at, end).toString('utf8');
    at = end + 1;
    const found = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (found === null) {
      objects.push({ type: undefined, text: null });
      continue;
    }
    const size = Number(found[2]);
    objects.push({ type: found[1], text: found[1] === 'blob' ? bytes.subarray(at, at + size).toString('utf8') : null });
    at += size + 1;
  }
  return objects;
}

/** What one `git cat-file --batch` read: the lab files at some commits, and the type of some object ids. */
export interface ObjectsRead {
  readonly files: FilesAt[];
  /** Type of each asked id; undefined when the repository lacks it. */
  readonly types: ReadonlyMap<string, string | undefined>;
}

/** Reads some files (`paths`, relative to the repository's root) at several commits, and what kind of object each of `ids` is, with one `git cat-file --batch`. */
export async function readFilesAt(
  reader: ReadOnlyGit,
  refs: readonly { readonly ref: string; readonly commit: string }[],
  options: { readonly paths: readonly string[]; readonly ids?: readonly string[] },
): Promise<ObjectsRead> {
  const paths = options.paths;
  const ids = [...new Set(options.ids ?? [])];
  const requests = [...refs.flatMap(({ commit }) => paths.map((path) => `${commit}:${path}`)), ...ids];
  if (requests.length === 0) return { files: [], types: new Map() };
  const result = expectOk(await reader.inView(['cat-file', '--batch'], `${requests.join('\n')}\n`));
  const objects = parseBatch(result.stdout, requests.length);
  const files = refs.map(({ ref, commit }, index) => ({
    ref,
    commit,
    files: Object.fromEntries(paths.map((path, offset) => [path, objects[index * paths.length + offset]?.text ?? null])),
  }));
  const asked = refs.length * paths.length;
  return { files, types: new Map(ids.map((id, index) => [id, objects[asked + index]?.type])) };
}
