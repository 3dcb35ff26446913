import type { FilesAt } from './types.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';
import { UserError } from '../cli/user-error.js';

/** One object `git cat-file --batch` answered for: its type (undefined when missing) and, for a blob, its text. */
export interface BatchObject {
  readonly type: string | undefined;
  readonly text: string | null;
}

/** A lab file larger than this is not read (its content would not be a lab file's). */
export const MAX_LAB_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Splits `git cat-file --batch` output, kept byte for byte (one latin1 character per byte), into one object per
 * request by the sizes git gives; each blob's bytes are decoded as UTF-8 on their own, so a Latin-1 file never
 * shifts where the next object starts.
 */
export function parseBatch(output: string, count: number): BatchObject[] {
  const bytes = Buffer.from(output, 'latin1');
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
    if (at + size > bytes.length) throw new Error('git cat-file --batch output ended early');
    objects.push({ type: found[1], text: found[1] === 'blob' ? bytes.subarray(at, at + size).toString('utf8') : null });
    at += size + 1;
  }
  return objects;
}

/** `git cat-file --batch-check` lines: type and size per request (type undefined when missing). */
function parseCheck(output: string, count: number): { readonly id: string; readonly type: string | undefined; readonly size: number }[] {
  const lines = output.split('\n');
  return Array.from({ length: count }, (_, index) => {
    const found = /^([0-9a-f]+) (\w+) (\d+)$/.exec(lines[index] ?? '');
    return found === null ? { id: '', type: undefined, size: 0 } : { id: found[1] ?? '', type: found[2], size: Number(found[3]) };
  });
}

/** What one `git cat-file --batch` read: the lab files at some commits, and the type of some object ids. */
export interface ObjectsRead {
  readonly files: FilesAt[];
  /** Type of each asked id; undefined when the repository lacks it. */
  readonly types: ReadonlyMap<string, string | undefined>;
}

/**
 * Reads some files (`paths`, relative to the repository's root) at several commits, and what kind of object each
 * of `ids` is: one `cat-file --batch-check` for types and sizes, then one `cat-file --batch` for the blobs, read
 * byte for byte. A file over MAX_LAB_FILE_BYTES stops with a clear line (UserError) rather than being read or cut.
 */
export async function readFilesAt(
  reader: ReadOnlyGit,
  refs: readonly { readonly ref: string; readonly commit: string }[],
  options: { readonly paths: readonly string[]; readonly ids?: readonly string[] },
): Promise<ObjectsRead> {
  const paths = options.paths;
  const ids = [...new Set(options.ids ?? [])];
  const requests = [...refs.flatMap(({ commit }) => paths.map((path) => `${commit}:${path}`)), ...ids];
  if (requests.length === 0) return { files: [], types: new Map() };
  const checked = parseCheck(expectOk(await reader.inView(['cat-file', '--batch-check'], `${requests.join('\n')}\n`)).stdout, requests.length);
  const asked = refs.length * paths.length;
  const big = checked.findIndex((object, index) => index < asked && object.type === 'blob' && object.size > MAX_LAB_FILE_BYTES);
  if (big !== -1) {
    throw new UserError('LAB_FILE_TOO_BIG', `${requests[big]} is ${checked[big]?.size} bytes, more than the ${MAX_LAB_FILE_BYTES} wtlab reads of a lab file. Commit the lab's own small file there.`);
  }
  const blobs = [...new Set(checked.slice(0, asked).filter((object) => object.type === 'blob').map((object) => object.id))];
  const texts = new Map<string, string | null>();
  if (blobs.length > 0) {
    const bound = blobs.reduce((sum, id) => sum + (checked.find((object) => object.id === id)?.size ?? 0) + 128, 1024);
    const result = expectOk(await reader.inViewExact(['cat-file', '--batch'], { input: `${blobs.join('\n')}\n`, maxBuffer: bound }));
    parseBatch(result.stdout, blobs.length).forEach((object, index) => texts.set(blobs[index] ?? '', object.text));
  }
  const files = refs.map(({ ref, commit }, index) => ({
    ref,
    commit,
    files: Object.fromEntries(paths.map((path, offset) => {
      const object = checked[index * paths.length + offset];
      return [path, object?.type === 'blob' ? texts.get(object.id) ?? null : null];
    })),
  }));
  return { files, types: new Map(ids.map((id, index) => [id, checked[asked + index]?.type])) };
}
