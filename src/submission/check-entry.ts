import { posix } from 'node:path';
import { UserError } from '../errors/user-error.js';
import type { ExtractLimits } from './types.js';

/** What an archive says about one entry, before anything is written. */
export interface ArchiveEntry {
  readonly path: string;
  readonly type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  /** For `other`: what it is (`character device`, `FIFO`, ...). */
  readonly kind?: string;
  /** Declared size once unpacked. */
  readonly size: number;
  /** Declared size inside the archive (zip only). */
  readonly compressedSize?: number;
  readonly linkpath?: string;
}

/** Entries smaller than this are never refused for their compression ratio. */
const RATIO_FLOOR = 1024 * 1024;

function escapes(relative: string): boolean {
  const normal = posix.normalize(relative);
  return normal === '..' || normal.startsWith('../');
}

function normalName(path: string): string {
  return posix.normalize(path.replace(/\\/g, '/')).replace(/^\.\//, '').replace(/\/+$/, '');
}

function unsafe(archive: string, entry: ArchiveEntry, why: string): UserError {
  return new UserError(
    'UNSAFE_ARCHIVE',
    `archive ${archive} has an unsafe entry ${JSON.stringify(entry.path)}: ${why}. Make the archive again with relative paths only, from the folder that holds the app's: tar -czf FOLDER.tar.gz FOLDER`,
  );
}

/** Refuses an entry that could land outside the unpack folder (absolute, `..`, an escaping link, a device). */
export function checkEntry(archive: string, entry: ArchiveEntry): void {
  const path = entry.path.replace(/\\/g, '/');
  const refuse = (why: string) => {
    throw unsafe(archive, entry, why);
  };
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) refuse('it is an absolute path');
  if (path.split('/').includes('..')) refuse('it climbs out with ..');
  if (entry.type === 'other')
    refuse(entry.kind === undefined ? 'it is neither a file, a folder nor a link' : `it is a ${entry.kind}, and only files, folders and links are unpacked`);
  if (entry.type === 'symlink' || entry.type === 'hardlink') {
    const target = (entry.linkpath ?? '').replace(/\\/g, '/');
    if (target.startsWith('/') || /^[A-Za-z]:/.test(target)) refuse(`it links to the absolute path ${target}`);
    const resolved = entry.type === 'symlink' ? posix.join(posix.dirname(path), target) : target;
    if (escapes(resolved)) refuse(`it links outside the archive (${target})`);
  }
}

/** Counts entries and bytes and refuses an archive over the limits. */
export function makeLimitCounter(archive: string, limits: Pick<ExtractLimits, 'maxEntries' | 'maxBytes'>): (entry: ArchiveEntry) => void {
  let entries = 0;
  let bytes = 0;
  return (entry) => {
    entries += 1;
    bytes += entry.size;
    if (entries > limits.maxEntries)
      throw new UserError(
        'ARCHIVE_TOO_BIG',
        `archive ${archive} has more than ${limits.maxEntries} entries (at ${JSON.stringify(entry.path)}). Archive only the app's own folder.`,
      );
    if (bytes > limits.maxBytes)
      throw new UserError(
        'ARCHIVE_TOO_BIG',
        `archive ${archive} unpacks to more than ${limits.maxBytes} bytes (at ${JSON.stringify(entry.path)}). Archive only the app's own folder.`,
      );
  };
}

/**
 * Where a path inside the archive really leads once every link of the archive on the way is followed (as the
 * kernel would after unpacking), or undefined when it climbs out of the archive or loops.
 */
export function resolveThroughLinks(path: string, links: ReadonlyMap<string, string>): string | undefined {
  const queue = path.split('/');
  const parts: string[] = [];
  let hops = 0;
  while (queue.length > 0) {
    const part = queue.shift() as string;
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
      continue;
    }
    const target = links.get([...parts, part].join('/'));
    if (target === undefined) {
      parts.push(part);
      continue;
    }
    hops += 1;
    if (hops > 40 || target.startsWith('/')) return undefined;
    queue.unshift(...target.split('/'));
  }
  return parts.join('/');
}

/** An entry checker: call it for each entry in order, then `finish()` once every entry was seen. */
export interface EntryChecker {
  (entry: ArchiveEntry): void;
  /** Checks what only the whole archive shows: no link leads out through a chain of other links. */
  finish(): void;
}

/**
 * Checks every entry of one archive in order, before anything is written: each entry's own safety, the limits,
 * the compression ratio, no name twice, nothing placed under an entry that is a link, and (at `finish`) no link
 * that climbs out through other links.
 */
export function makeEntryChecker(archive: string, limits: ExtractLimits): EntryChecker {
  const count = makeLimitCounter(archive, limits);
  const seen = new Map<string, ArchiveEntry['type']>();
  const links: string[] = [];
  const targets = new Map<string, string>();
  const linkEntries = new Map<string, ArchiveEntry>();
  const check = (entry: ArchiveEntry) => {
    checkEntry(archive, entry);
    count(entry);
    const name = normalName(entry.path);
    const ratio = limits.maxRatio ?? 200;
    if (entry.compressedSize !== undefined && entry.size > RATIO_FLOOR && entry.size > entry.compressedSize * ratio) {
      throw new UserError(
        'ARCHIVE_TOO_BIG',
        `archive ${archive} has an entry ${JSON.stringify(entry.path)} that unpacks to ${entry.size} bytes from ${entry.compressedSize} (more than ${ratio} times): it looks like an archive bomb. Archive only the app's own folder.`,
      );
    }
    const under = links.find((link) => name.startsWith(`${link}/`));
    if (under !== undefined) throw unsafe(archive, entry, `it lies under the link ${JSON.stringify(under)}, so it would be written wherever that link points`);
    const before = seen.get(name);
    if (before !== undefined && !(before === 'directory' && entry.type === 'directory'))
      throw unsafe(archive, entry, 'the archive holds this name twice, and the second would overwrite the first');
    seen.set(name, entry.type);
    if (entry.type === 'symlink') {
      links.push(name);
      targets.set(name, (entry.linkpath ?? '').replace(/\\/g, '/'));
      linkEntries.set(name, entry);
    }
  };
  const finish = () => {
    for (const [name, target] of targets) {
      if (resolveThroughLinks(`${posix.dirname(name)}/${target}`, targets) === undefined) {
        throw unsafe(
          archive,
          linkEntries.get(name) ?? { path: name, type: 'symlink', size: 0 },
          `it links outside the archive through other links (${target})`,
        );
      }
    }
  };
  return Object.assign(check, { finish });
}
