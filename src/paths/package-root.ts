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

/** Where our own fixtures live (`fixtures/` at the package root). */
export function fixturesDir(): string {
  return join(packageRoot(), 'fixtures');
}
