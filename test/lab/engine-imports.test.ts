import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths/package-root.js';

/** The lab content folders: the engine gets their knowledge as a `Lab` and never imports them. */
const CONTENT = ['graders', 'scenarios', 'lab', 'fixtures', 'test'];

/** Every relative module specifier in a file: static imports, re-exports and `import()` calls. */
export function importedPaths(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) found.push(match[1] as string);
  return found;
}

function engineFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? engineFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the engine (src/) is apart from the lab', () => {
  it('reads import specifiers of every kind', () => {
    const text = "import a from '../x.js';\nimport type { B } from '../../y.js';\nexport { c } from './z.js';\nawait import('../w.js');\nimport './side.js';";
    expect(importedPaths(text)).toEqual(['../x.js', '../../y.js', './z.js', '../w.js', './side.js']);
  });

  it('no file under src/ imports graders/, scenarios/, lab/, fixtures/ or test/', () => {
    const root = packageRoot();
    const files = engineFiles(join(root, 'src'));
    expect(files.length).toBeGreaterThan(100);
    const crossings = files.flatMap((file) =>
      importedPaths(readFileSync(file, 'utf8'))
        .map((specifier) => relative(root, resolve(dirname(file), specifier)))
        .filter((target) => CONTENT.some((folder) => target.startsWith(`${folder}/`)))
        .map((target) => `${relative(root, file)} -> ${target}`),
    );
    expect(crossings).toEqual([]);
  });
});
