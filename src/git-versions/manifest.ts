import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GitVersionError } from './errors.js';

export const MANIFEST_NAME = 'wtlab-git.json';

export type GitSource = 'deb' | 'system' | 'source-build';

export interface GitManifest {
  readonly version: string;
  /** Absolute path of the git binary. */
  readonly bin: string;
  /** Value for `GIT_EXEC_PATH`, or null when the binary finds its helpers itself. */
  readonly execPath: string | null;
  readonly source: GitSource;
  /** ISO 8601 time of the install. */
  readonly installedAt: string;
}

const sources: readonly GitSource[] = ['deb', 'system', 'source-build'];

/** Write the manifest that marks a version folder as complete. */
export async function writeManifest(dir: string, manifest: GitManifest): Promise<void> {
  await writeFile(join(dir, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Read a version folder's manifest; undefined when the folder has none. */
export async function readManifest(dir: string): Promise<GitManifest | undefined> {
  const path = join(dir, MANIFEST_NAME);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
  const manifest = parseManifest(text);
  if (manifest === undefined) {
    throw new GitVersionError('BAD_MANIFEST', `${path} is not a valid wtlab git manifest. Remove its folder and install the version again.`);
  }
  return manifest;
}

function parseManifest(text: string): GitManifest | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const { version, bin, execPath, source, installedAt } = record;
  if (typeof version !== 'string' || typeof bin !== 'string' || typeof installedAt !== 'string') return undefined;
  if (execPath !== null && typeof execPath !== 'string') return undefined;
  const known = sources.find((candidate) => candidate === source);
  if (known === undefined) return undefined;
  return { version, bin, execPath, source: known, installedAt };
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
