import { lstat, readFile } from 'node:fs/promises';

/** Reads a regular file (never through a link, never a device or FIFO) of at most `maxBytes` as UTF-8, else undefined. */
export async function readSmallFile(file: string, maxBytes = 16 * 1024 * 1024): Promise<string | undefined> {
  const stat = await lstat(file).catch(() => undefined);
  if (stat === undefined || !stat.isFile() || stat.size > maxBytes) return undefined;
  return readFile(file, 'utf8').catch(() => undefined);
}
