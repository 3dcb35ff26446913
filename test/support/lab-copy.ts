import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLabDir } from '../../src/lab/lab-folder.js';

export interface LabCopy {
  /** The copied lab folder (`<module>/lab`). */
  readonly lab: string;
  /** The module folder holding `lab/` and `README.md`. */
  readonly module: string;
  remove(): void;
}

/** Copies our lab folder into a temp module folder, with the given module text as its `../README.md` and optional script overrides. */
export function copyLab(options: { readonly readme?: string; readonly files?: Readonly<Record<string, string>> } = {}): LabCopy {
  const module = mkdtempSync(join(tmpdir(), 'wtlab-module-'));
  const lab = join(module, 'lab');
  cpSync(defaultLabDir(), lab, { recursive: true });
  if (options.readme !== undefined) writeFileSync(join(module, 'README.md'), options.readme);
  for (const [name, content] of Object.entries(options.files ?? {})) writeFileSync(join(lab, name), content, { mode: 0o755 });
  return { lab, module, remove: () => rmSync(module, { recursive: true, force: true }) };
}
