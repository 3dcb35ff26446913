import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Makes the folder a file is about to be written in, when it is missing: each missing level from the nearest existing
 * folder down, one `mkdir` each. Node 20's `mkdir(..., { recursive: true })` loops for ever where a level cannot be made
 * and reports ENOENT (under `/proc`); this fails at once with that error instead (ENOENT, EACCES, ENOTDIR as `mkdir`
 * throws them). An existing parent is left as it is, whatever it is: the write itself then says what is wrong.
 */
export async function makeParentFolder(file: string): Promise<void> {
  const missing: string[] = [];
  for (let folder = dirname(file); ; folder = dirname(folder)) {
    if ((await stat(folder).catch(() => undefined)) !== undefined) break;
    missing.push(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of missing.reverse()) {
    // Another process (a batch's other report, a second wtlab) may make it between the stat and here.
    await mkdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
}
