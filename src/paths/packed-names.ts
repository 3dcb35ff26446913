import { lstat, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Names npm never puts in a package (`.gitignore` is dropped from every folder), mapped to the names our fixtures
 * are packed under (`scripts/pack-fixtures.ts`); a copy made from packed fixtures gets the real names back.
 */
export const PACKED_NAMES: Readonly<Record<string, string>> = { '.gitignore': 'gitignore' };

/** The name a file is packed under: its own unless npm would drop it. */
export function packedName(name: string): string {
  return PACKED_NAMES[name] ?? name;
}

/** Renames, everywhere under `dir` (a file is left alone), each packed name back to the real one (`gitignore` to `.gitignore`); returns how many. */
export async function restorePackedNames(dir: string): Promise<number> {
  if (!(await lstat(dir)).isDirectory()) return 0;
  const real = new Map(Object.entries(PACKED_NAMES).map(([name, packed]) => [packed, name]));
  let renamed = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) renamed += await restorePackedNames(path);
    const name = real.get(entry.name);
    if (name !== undefined && entry.isFile()) {
      await rename(path, join(dir, name));
      renamed += 1;
    }
  }
  return renamed;
}
