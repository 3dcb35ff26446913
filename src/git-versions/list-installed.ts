import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gitCacheDir, type CacheDirOptions } from '../paths/cache-dir.js';
import { readManifest, type GitManifest } from './manifest.js';
import { compareVersions } from '../git/git-binary.js';

/** Manifests of every complete cached git version, oldest version first. */
export async function listInstalled(options: CacheDirOptions = {}): Promise<readonly GitManifest[]> {
  const root = gitCacheDir(options);
  let names: string[];
  try {
    const entries = await readdir(root, { withFileTypes: true });
    names = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
  const manifests = await Promise.all(names.map((name) => readManifest(join(root, name))));
  return manifests.filter((manifest): manifest is GitManifest => manifest !== undefined).sort((a, b) => compareVersions(a.version, b.version));
}
