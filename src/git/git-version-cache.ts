import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { wtlabCacheDir } from '../paths/cache-dir.js';

/** One binary's version, with what identifies the file it was read from. */
interface Entry {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly version: string;
}

const FILE = 'git-versions.json';

function identify(path: string): Omit<Entry, 'version'> | undefined {
  try {
    const { dev, ino, size, mtimeMs, ctimeMs } = statSync(path);
    return { dev, ino, size, mtimeMs, ctimeMs };
  } catch {
    return undefined;
  }
}

function readAll(cacheDir: string): Record<string, Entry> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(cacheDir, FILE), 'utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, Entry>) : {};
  } catch {
    return {};
  }
}

export interface VersionCacheOptions {
  /** The folder holding `git-versions.json`. @default wtlabCacheDir() */
  readonly cacheDir?: string;
}

/**
 * The version `git --version` printed for this very file before (same device, inode, size and
 * times), so a grade need not start git only to ask; undefined when unknown or the file changed.
 */
export function cachedGitVersion(path: string, options: VersionCacheOptions = {}): string | undefined {
  const cacheDir = options.cacheDir ?? wtlabCacheDir();
  const now = identify(path);
  const entry = readAll(cacheDir)[path];
  if (now === undefined || entry === undefined || typeof entry.version !== 'string') return undefined;
  const same = entry.dev === now.dev && entry.ino === now.ino && entry.size === now.size && entry.mtimeMs === now.mtimeMs && entry.ctimeMs === now.ctimeMs;
  return same ? entry.version : undefined;
}

/** Remembers a binary's version; a cache that cannot be written is left alone (the next run asks git again). */
export function rememberGitVersion(path: string, version: string, options: VersionCacheOptions = {}): void {
  const cacheDir = options.cacheDir ?? wtlabCacheDir();
  const now = identify(path);
  if (now === undefined) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const all = { ...readAll(cacheDir), [path]: { ...now, version } };
    const temp = join(cacheDir, `${FILE}.${process.pid}.tmp`);
    writeFileSync(temp, `${JSON.stringify(all, null, 2)}\n`);
    renameSync(temp, join(cacheDir, FILE));
  } catch {
    // read-only or full: not worth failing a grade for
  }
}
