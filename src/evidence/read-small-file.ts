import { constants } from 'node:fs';
import { open, realpath, type FileHandle } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { fileKind } from '../paths/file-kind.js';

/** Why a learner's file was not read: `denied` is a file that is there but this process may not open (EACCES, EPERM). */
export type UnreadableReason = 'missing' | 'not-a-file' | 'too-big' | 'outside' | 'too-slow' | 'denied' | 'unreadable';

/** What one safe read gave: the bytes, or why there are none. */
export type SafeRead = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly reason: UnreadableReason; readonly detail: string };

export interface SafeReadOptions {
  /** Files larger than this are not read. @default 16 MiB */
  readonly maxBytes?: number;
  /** The read is given up after this long. @default 10000 */
  readonly timeoutMs?: number;
  /**
   * A folder the file must really lie in (its parent folder's real path is checked, so a path through a symlinked
   * folder that leaves it is refused). @default no such check
   */
  readonly within?: string;
  /** Follow a symlink as the last part of the path (its target must still be a regular file, and within `within`). @default false */
  readonly followLast?: boolean;
}

/** Whether `path` is `root` or lies under it (both real paths). */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens a learner's file the one safe way: without following a last symlink (`O_NOFOLLOW`, unless asked), without
 * blocking (`O_NONBLOCK`, so a FIFO or device never holds the event loop), then checks with `fstat` that it is a
 * regular file of at most `maxBytes` and, with `within`, that its folder really lies inside that folder.
 * The caller closes the handle. Errors are returned, never thrown.
 */
export async function openLearnerFile(
  file: string,
  options: SafeReadOptions = {},
): Promise<{ ok: true; handle: FileHandle; size: number } | Exclude<SafeRead, { ok: true }>> {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  if (options.within !== undefined) {
    let denied: string | undefined;
    const real = (path: string) =>
      realpath(path).catch((error: unknown) => {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EACCES' || code === 'EPERM') denied = code;
        return undefined;
      });
    const root = await real(options.within);
    const folder = await real(dirname(file));
    if (denied !== undefined) return { ok: false, reason: 'denied', detail: `${file} cannot be reached (${denied})` };
    if (root === undefined || folder === undefined) return { ok: false, reason: 'missing', detail: `${file} is not there` };
    if (!isInside(root, folder)) return { ok: false, reason: 'outside', detail: `${file} lies outside ${options.within} (through a symbolic link)` };
  }
  const flags = constants.O_RDONLY | constants.O_NONBLOCK | (options.followLast ? 0 : constants.O_NOFOLLOW);
  let handle: FileHandle;
  try {
    handle = await open(file, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing', detail: `${file} is not there` };
    if (code === 'ELOOP') return { ok: false, reason: 'not-a-file', detail: `${file} is a symbolic link` };
    if (code === 'EACCES' || code === 'EPERM') return { ok: false, reason: 'denied', detail: `${file} cannot be opened (${code})` };
    return { ok: false, reason: 'unreadable', detail: `${file} cannot be opened (${code ?? 'error'})` };
  }
  const stat = await handle.stat().catch(() => undefined);
  const refuse = async (reason: UnreadableReason, detail: string) => {
    await handle.close().catch(() => undefined);
    return { ok: false as const, reason, detail };
  };
  if (stat === undefined) return refuse('unreadable', `${file} cannot be examined`);
  if (!stat.isFile()) return refuse('not-a-file', `${file} is ${fileKind(stat.mode)}, not a regular file`);
  if (stat.size > maxBytes) return refuse('too-big', `${file} holds ${stat.size} bytes, more than the ${maxBytes} wtlab reads`);
  if (options.within !== undefined && options.followLast) {
    const real = await realpath(file).catch(() => undefined);
    const root = await realpath(options.within).catch(() => undefined);
    if (real === undefined || root === undefined || !isInside(root, real))
      return refuse('outside', `${file} lies outside ${options.within} (through a symbolic link)`);
  }
  return { ok: true, handle, size: stat.size };
}

/** Reads a learner's file whole through `openLearnerFile`, within the size and time caps; never throws. */
export async function readLearnerFile(file: string, options: SafeReadOptions = {}): Promise<SafeRead> {
  const opened = await openLearnerFile(file, options);
  if (!opened.ok) return opened;
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const { handle } = opened;
  try {
    const read = async (): Promise<Buffer> => {
      // Read up to one byte past the cap: a file that grew after fstat is still refused, not cut.
      const buffer = Buffer.alloc(Math.min(opened.size, maxBytes) + 1);
      let at = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, at, buffer.length - at, at);
        if (bytesRead === 0) break;
        at += bytesRead;
        if (at >= buffer.length) break;
      }
      return buffer.subarray(0, at);
    };
    const bytes = await withDeadline(read(), options.timeoutMs ?? 10_000);
    if (bytes === 'timeout') return { ok: false, reason: 'too-slow', detail: `${file} could not be read within ${options.timeoutMs ?? 10_000} ms` };
    if (bytes.length > maxBytes) return { ok: false, reason: 'too-big', detail: `${file} holds more than the ${maxBytes} bytes wtlab reads` };
    return { ok: true, bytes };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: 'unreadable', detail: `${file} cannot be read (${code ?? 'error'})` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Reads a regular file (never through a last link, never a device or FIFO) of at most `maxBytes` as UTF-8, else undefined. */
export async function readSmallFile(file: string, maxBytes = 16 * 1024 * 1024): Promise<string | undefined> {
  const read = await readLearnerFile(file, { maxBytes });
  return read.ok ? read.bytes.toString('utf8') : undefined;
}
