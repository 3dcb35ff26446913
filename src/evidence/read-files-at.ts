import type { FilesAt } from './types.js';
import { expectOk, type ReadOnlyGit } from './read-only-git.js';
import { UserError } from '../errors/user-error.js';

/** One object `git cat-file --batch` answered for: its type (undefined when missing) and, for a blob, its text. */
export interface BatchObject {
  readonly type: string | undefined;
  readonly text: string | null;
  /** The size git states, in bytes; undefined when missing. */
  readonly size?: number;
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
    objects.push({ type: found[1], size, text: found[1] === 'blob' ? bytes.subarray(at, at + size).toString('utf8') : null });
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

/** Bytes of `cat-file --batch` output read at most: past it, grading stops with one line instead of cutting. */
const MAX_BATCH_BYTES = 256 * 1024 * 1024;

/**
 * Reads some files (`paths`, relative to the repository's root) at several commits, and what kind of object each
 * of `ids` is, with one `git cat-file --batch` read byte for byte (blobs split by the sizes git states). A file over
 * MAX_LAB_FILE_BYTES, or output past MAX_BATCH_BYTES, stops with a clear line (UserError) rather than being cut.
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
  const result = expectOk(await reader.inViewExact(['cat-file', '--batch'], { input: `${requests.join('\n')}\n`, maxBuffer: MAX_BATCH_BYTES }));
  if (result.stdout.length >= MAX_BATCH_BYTES) {
    throw new UserError(
      'LAB_FILE_TOO_BIG',
      `the lab files at the branches' tips come to more than ${MAX_BATCH_BYTES} bytes, more than wtlab reads. Commit the lab's own small files there.`,
    );
  }
  const objects = parseBatch(result.stdout, requests.length);
  const over = objects.findIndex((object, index) => index < refs.length * paths.length && object.type === 'blob' && (object.size ?? 0) > MAX_LAB_FILE_BYTES);
  if (over !== -1) {
    throw new UserError(
      'LAB_FILE_TOO_BIG',
      `${requests[over]} is ${objects[over]?.size} bytes, more than the ${MAX_LAB_FILE_BYTES} wtlab reads of a lab file. Commit the lab's own small file there.`,
    );
  }
  const files = refs.map(({ ref, commit }, index) => ({
    ref,
    commit,
    files: Object.fromEntries(paths.map((path, offset) => [path, objects[index * paths.length + offset]?.text ?? null])),
  }));
  const asked = refs.length * paths.length;
  return { files, types: new Map(ids.map((id, index) => [id, objects[asked + index]?.type])) };
}
