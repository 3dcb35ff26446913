import { join } from 'node:path';
import { openLearnerFile } from './read-small-file.js';
import { unreadableError } from './unreadable.js';
import type { ConflictMarker } from './types.js';

const MARKER = /^(<{7}|={7}|>{7}|\|{7})( |$)/;
/** Bytes of a marker line kept for the report. */
const KEEP = 200;

/** The conflict marker lines of one text; binary content (a NUL byte) has none. */
export function findMarkers(file: string, text: string, where: ConflictMarker['where']): ConflictMarker[] {
  if (text.includes('\0')) return [];
  return text.split('\n').flatMap((line, index) => (MARKER.test(line) ? [{ file, line: index + 1, text: line, where }] : []));
}

/** The first byte of every marker line: `<`, `=`, `>`, `|` (MARKER's own first characters, one byte each in UTF-8). */
const MARKER_FIRST_BYTES: readonly number[] = [0x3c, 0x3d, 0x3e, 0x7c];

/** Bytes read per chunk; a file's lines are never held whole. */
const CHUNK = 1024 * 1024;

/**
 * Scans one file chunk by chunk as bytes, keeping only the start of a line that begins as a marker does: a huge file
 * never sits in memory whole, and line numbers count newline bytes whatever the encoding. The file is opened through the safe reader:
 * a path that leaves `folder` through a symlinked folder, a link, a FIFO or a device is not read. Throws
 * `unreadableError` for a file that is there but this process may not open.
 */
export async function scanFile(folder: string, file: string, where: ConflictMarker['where']): Promise<ConflictMarker[]> {
  const opened = await openLearnerFile(join(folder, file), { within: folder, maxBytes: Number.MAX_SAFE_INTEGER });
  // A tracked file this process may not open could hold markers: never read as "none".
  if (!opened.ok && opened.reason === 'denied') throw unreadableError(join(folder, file), { fix: { folder } });
  if (!opened.ok) return [];
  const { handle } = opened;
  const found: ConflictMarker[] = [];
  let line = 1;
  let start: Buffer[] = [];
  let startBytes = 0;
  // Whether the current line can be a marker line, by its first byte; undefined until that byte is read.
  let candidate: boolean | undefined;
  const endLine = () => {
    if (candidate === true) {
      const text = Buffer.concat(start).toString('utf8').replace(/\r$/, '');
      if (MARKER.test(text)) found.push({ file, line, text, where });
    }
    line += 1;
    start = [];
    startBytes = 0;
    candidate = undefined;
  };
  // Only a line that may be a marker keeps its start: the others (nearly all of a big file) cost one byte's look.
  const keep = (bytes: Buffer, from: number, to: number) => {
    if (from >= to) return;
    candidate ??= MARKER_FIRST_BYTES.includes(bytes[from] as number);
    if (!candidate || startBytes >= KEEP) return;
    const part = Buffer.from(bytes.subarray(from, Math.min(to, from + KEEP - startBytes)));
    start.push(part);
    startBytes += part.length;
  };
  const buffer = Buffer.alloc(CHUNK);
  try {
    for (let position = 0; ;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const bytes = buffer.subarray(0, bytesRead);
      if (bytes.includes(0)) return [];
      let at = 0;
      for (let newline = bytes.indexOf(10, at); newline !== -1; newline = bytes.indexOf(10, at)) {
        keep(bytes, at, newline);
        endLine();
        at = newline + 1;
      }
      keep(bytes, at, bytes.length);
    }
  } catch {
    return [];
  } finally {
    await handle.close().catch(() => undefined);
  }
  if (startBytes > 0) endLine();
  return found;
}

/** Scans files of a folder, given by their paths relative to it, for conflict markers. */
export async function scanFolder(folder: string, files: readonly string[], where: ConflictMarker['where']): Promise<ConflictMarker[]> {
  const found: ConflictMarker[] = [];
  for (const file of [...new Set(files)]) found.push(...(await scanFile(folder, file, where)));
  return found;
}
