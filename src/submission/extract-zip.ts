import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { UserError } from '../cli/user-error.js';
import { checkEntry, makeLimitCounter, type ArchiveEntry } from './check-entry.js';
import type { ExtractLimits } from './types.js';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function describeEntry(entry: yauzl.Entry): ArchiveEntry {
  const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
  const type = entry.fileName.endsWith('/') ? 'directory' : mode === S_IFLNK ? 'other' : 'file';
  return { path: entry.fileName, type, size: entry.uncompressedSize };
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, validateEntrySizes: true }, (error, zip) => (error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip)));
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
    return new UserError('UNSAFE_ARCHIVE', `archive ${file} has an unsafe entry ${JSON.stringify(unsafe[2])}: ${unsafe[1]}. Make the archive again with relative paths only (e.g. zip -r tasks-app.zip tasks-app).`);
  }
  return new UserError('BAD_ARCHIVE', `cannot read archive ${file}: ${error.message}. Check that it is a zip file.`);
}

/** Unpacks a `.zip` into a folder, checking each entry before writing it (links are refused). */
export async function extractZip(file: string, into: string, limits: ExtractLimits): Promise<void> {
  const count = makeLimitCounter(file, limits);
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (error) {
    throw zipError(file, error instanceof Error ? error : new Error(String(error)));
  }
  await new Promise<void>((resolve, reject) => {
    zip.on('error', (error: Error) => reject(error instanceof UserError ? error : zipError(file, error)));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      void (async () => {
        const described = describeEntry(entry);
        checkEntry(file, described);
        count(described);
        const target = join(into, described.path);
        if (described.type === 'directory') {
          await mkdir(target, { recursive: true });
        } else {
          await mkdir(dirname(target), { recursive: true });
          await pipeline(await openEntry(zip, entry), createWriteStream(target, { flags: 'wx', mode: 0o644 }));
        }
        zip.readEntry();
      })().catch((error: unknown) => {
        zip.close();
        reject(error instanceof UserError ? error : new UserError('BAD_ARCHIVE', `cannot unpack ${JSON.stringify(entry.fileName)} from ${file}: ${error instanceof Error ? error.message : String(error)}.`));
      });
    });
    zip.readEntry();
  });
}
