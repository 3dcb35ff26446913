import { posix } from 'node:path';
import { UserError } from '../cli/user-error.js';

/** What an archive says about one entry, before anything is written. */
export interface ArchiveEntry {
  readonly path: string;
  readonly type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  readonly size: number;
  readonly linkpath?: string;
}

function escapes(relative: string): boolean {
  const normal = posix.normalize(relative);
  return normal === '..' || normal.startsWith('../');
}

/** Refuses an entry that could land outside the unpack folder (absolute, `..`, an escaping link, a device). */
export function checkEntry(archive: string, entry: ArchiveEntry): void {
  const path = entry.path.replace(/\\/g, '/');
  const refuse = (why: string) => {
    throw new UserError('UNSAFE_ARCHIVE', `archive ${archive} has an unsafe entry ${JSON.stringify(entry.path)}: ${why}. Make the archive again with relative paths only (e.g. tar -czf tasks-app.tar.gz tasks-app).`);
  };
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) refuse('it is an absolute path');
  if (path.split('/').includes('..')) refuse('it climbs out with ..');
  if (entry.type === 'other') refuse('it is neither a file, a folder nor a link');
  if (entry.type === 'symlink' || entry.type === 'hardlink') {
    const target = (entry.linkpath ?? '').replace(/\\/g, '/');
    if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) refuse(`it links to the absolute path ${target}`);
    const resolved = entry.type === 'symlink' ? posix.join(posix.dirname(path), target) : target;
    if (escapes(resolved)) refuse(`it links outside the archive (${target})`);
  }
}

/** Counts entries and bytes and refuses an archive over the limits. */
export function makeLimitCounter(archive: string, limits: { readonly maxEntries: number; readonly maxBytes: number }): (entry: ArchiveEntry) => void {
  let entries = 0;
  let bytes = 0;
  return (entry) => {
    entries += 1;
    bytes += entry.size;
    if (entries > limits.maxEntries) throw new UserError('ARCHIVE_TOO_BIG', `archive ${archive} has more than ${limits.maxEntries} entries (at ${JSON.stringify(entry.path)}). Archive only the tasks-app folder.`);
    if (bytes > limits.maxBytes) throw new UserError('ARCHIVE_TOO_BIG', `archive ${archive} unpacks to more than ${limits.maxBytes} bytes (at ${JSON.stringify(entry.path)}). Archive only the tasks-app folder.`);
  };
}
