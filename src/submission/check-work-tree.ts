import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Files git reads in every folder of a work tree it walks. */
const READ_IN_EVERY_FOLDER = new Set(['.gitignore', '.gitattributes']);
const MAX_ENTRIES = 200_000;

/**
 * The first `.gitignore` or `.gitattributes` in a work tree that is not a regular file (a FIFO, a device, a link)
 * as one sentence, or undefined. git opens these in every folder it walks, and one that is a FIFO holds it forever.
 * `.git` folders and nested repositories are not entered (git does not walk them either); links are not followed.
 */
export async function findUnsafeIgnoreFiles(workTree: string): Promise<string | undefined> {
  let left = MAX_ENTRIES;
  const walk = async (dir: string): Promise<string | undefined> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    if (dir !== workTree && entries.some((entry) => entry.name === '.git')) return undefined;
    for (const entry of entries) {
      left -= 1;
      if (left < 0) return undefined;
      if (entry.name === '.git') continue;
      const path = join(dir, entry.name);
      if (READ_IN_EVERY_FOLDER.has(entry.name) && !entry.isFile()) return `${path} is not a regular file (git would read it, and could wait on it forever)`;
      if (entry.isDirectory()) {
        const found = await walk(path);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return walk(workTree);
}
