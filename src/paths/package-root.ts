import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

function isOurPackage(dir: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return typeof parsed === 'object' && parsed !== null && (parsed as { name?: unknown }).name === 'wtlab';
}

/** The folder holding wtlab's own package.json, found from this file in `src/` or `dist/src/`. */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!isOurPackage(dir)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('wtlab: cannot find its own package folder');
    dir = parent;
  }
  cached = dir;
  return dir;
}

/** Where fixtures are in an installed package: `dist/fixtures/`, with names npm would drop renamed (see packed-names.ts). */
export function packedFixturesDir(): string {
  return join(packageRoot(), 'dist', 'fixtures');
}

/** Where our own fixtures live: `fixtures/` in a source checkout, else the packed copy an installed package carries. */
export function fixturesDir(): string {
  const source = join(packageRoot(), 'fixtures');
  return existsSync(source) ? source : packedFixturesDir();
}

/** Whether a path lies in the packed fixtures, whose copies need their real names back (`restorePackedNames`). */
export function isPackedFixture(path: string): boolean {
  const packed = packedFixturesDir();
  return path === packed || path.startsWith(`${packed}/`);
}
