import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { UserError } from '../errors/user-error.js';
import { makeEntryChecker, type ArchiveEntry } from './check-entry.js';
import type { ExtractLimits } from './types.js';
import { asClause } from '../text/as-clause.js';

const S_IFMT = 0o170000;
const SPECIAL: Readonly<Record<number, ArchiveEntry['type'] | string>> = {
  0o120000: 'symlink',
  0o020000: 'character device',
  0o060000: 'block device',
  0o010000: 'FIFO',
  0o140000: 'socket',
};

function describeEntry(entry: yauzl.Entry): ArchiveEntry {
  const base = { path: entry.fileName, size: entry.uncompressedSize, compressedSize: entry.compressedSize };
  if (entry.fileName.endsWith('/')) return { ...base, type: 'directory' };
  const special = SPECIAL[(entry.externalFileAttributes >>> 16) & S_IFMT];
  // Zip links are refused (their target is file content, read only after writing), as are devices.
  if (special === 'symlink') return { ...base, type: 'other', kind: 'symbolic link (links in a zip are not unpacked; use tar)' };
  if (special !== undefined) return { ...base, type: 'other', kind: special };
  return { ...base, type: 'file' };
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, validateEntrySizes: true }, (error, zip) =>
      error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip),
    );
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(error ?? new Error('no stream')) : resolve(stream)));
  });
}

/** Turns yauzl's own refusal of a bad entry name into our unsafe-entry error; other errors say the file is unreadable. */
function zipError(file: string, error: Error): UserError {
  const unsafe = /^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/.exec(error.message);
  if (unsafe !== null) {
    return new UserError(
      'UNSAFE_ARCHIVE',
      `archive ${file} has an unsafe entry ${JSON.stringify(unsafe[2])}: ${unsafe[1]}. Make the archive again with relative paths only, from the folder that holds the app's: zip -r FOLDER.zip FOLDER`,
    );
  }
  return new UserError('BAD_ARCHIVE', `cannot read archive ${file}: ${asClause(error.message)}. Check that it is a zip file.`);
}

function readEntries(file: string, zip: yauzl.ZipFile, onEntry: (entry: yauzl.Entry) => Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    zip.on('error', (error: Error) => reject(error instanceof UserError ? error : zipError(file, error)));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      onEntry(entry).then(
        () => zip.readEntry(),
        (error: unknown) => {
          zip.close();
          reject(
            error instanceof UserError
              ? error
              : new UserError(
                  'BAD_ARCHIVE',
                  `cannot unpack ${JSON.stringify(entry.fileName)} from ${file}: ${error instanceof Error ? error.message : String(error)}.`,
                ),
          );
        },
      );
    });
    zip.readEntry();
  });
}

async function open(file: string): Promise<yauzl.ZipFile> {
  try {
    return await openZip(file);
  } catch (error) {
    throw zipError(file, error instanceof Error ? error : new Error(String(error)));
  }
}

/** Unpacks a `.zip` into a fresh folder: every entry of the central directory is checked before the first is written. */
export async function extractZip(file: string, into: string, limits: ExtractLimits): Promise<void> {
  const check = makeEntryChecker(file, limits);
  await readEntries(file, await open(file), async (entry) => check(describeEntry(entry)));
  check.finish();
  const zip = await open(file);
  await readEntries(file, zip, async (entry) => {
    const described = describeEntry(entry);
    const target = join(into, described.path);
    if (described.type === 'directory') {
      await mkdir(target, { recursive: true });
    } else {
      await mkdir(dirname(target), { recursive: true });
      await pipeline(await openEntry(zip, entry), createWriteStream(target, { flags: 'wx', mode: 0o644 }));
    }
  });
}
