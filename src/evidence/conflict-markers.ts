import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConflictMarker } from './types.js';

const MARKER = /^(<{7}|={7}|>{7}|\|{7})( |$)/;

/** The conflict marker lines of one text; binary content (a NUL byte) has none. */
export function findMarkers(file: string, text: string, where: ConflictMarker['where']): ConflictMarker[] {
  if (text.includes('\0')) return [];
  return text.split('\n').flatMap((line, index) => (MARKER.test(line) ? [{ file, line: index + 1, text: line, where }] : []));
}

/** Scans files of a folder, given by their paths relative to it, for conflict markers. */
export async function scanFolder(folder: string, files: readonly string[], where: ConflictMarker['where']): Promise<ConflictMarker[]> {
  const found = await Promise.all(
    [...new Set(files)].map(async (file) => {
      const text = await readFile(join(folder, file), 'utf8').catch(() => undefined);
      return text === undefined ? [] : findMarkers(file, text, where);
    }),
  );
  return found.flat();
}
