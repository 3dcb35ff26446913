import { cpSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRoot, packedFixturesDir } from '../src/paths/package-root.js';
import { packedName } from '../src/paths/packed-names.js';

/** Renames, everywhere under `dir`, each file npm would drop to the name it is packed under; returns how many. */
function usePackedNames(dir: string): number {
  let renamed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) renamed += usePackedNames(path);
    else if (packedName(entry.name) !== entry.name) {
      renameSync(path, join(dir, packedName(entry.name)));
      renamed += 1;
    }
  }
  return renamed;
}

/**
 * Copies `fixtures/` to `dist/fixtures/` (what the package ships) with every name npm would leave out of a tarball
 * renamed (`.gitignore` to `gitignore`, in any folder); copies made from it get the real names back. Returns the folder.
 */
export function packFixtures(options: { readonly root?: string } = {}): string {
  const root = options.root ?? packageRoot();
  const target = options.root === undefined ? packedFixturesDir() : join(root, 'dist', 'fixtures');
  rmSync(target, { recursive: true, force: true });
  cpSync(join(root, 'fixtures'), target, { recursive: true });
  usePackedNames(target);
  return target;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`packed the fixtures into ${packFixtures()}\n`);
}
