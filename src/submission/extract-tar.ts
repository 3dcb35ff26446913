import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract, Parser, type ReadEntry } from 'tar';
import { UserError } from '../errors/user-error.js';
import { makeEntryChecker, type ArchiveEntry } from './check-entry.js';
import type { ExtractLimits } from './types.js';
import { asClause } from '../text/as-clause.js';

const META = ['ExtendedHeader', 'GlobalExtendedHeader', 'NextFileHasLongPath', 'NextFileHasLongLinkpath', 'OldExtendedHeader'];
const SPECIAL: Readonly<Record<string, string>> = { CharacterDevice: 'character device', BlockDevice: 'block device', FIFO: 'FIFO' };

function describeEntry(entry: ReadEntry): ArchiveEntry {
  const base = { path: entry.path, size: entry.size ?? 0, ...(entry.linkpath ? { linkpath: entry.linkpath } : {}) };
  if (['File', 'OldFile', 'ContiguousFile'].includes(entry.type)) return { ...base, type: 'file' };
  if (entry.type === 'Directory' || META.includes(entry.type)) return { ...base, type: 'directory' };
  if (entry.type === 'SymbolicLink') return { ...base, type: 'symlink' };
  if (entry.type === 'Link') return { ...base, type: 'hardlink' };
  return { ...base, type: 'other', kind: SPECIAL[entry.type] ?? `${entry.type} entry` };
}

function badArchive(file: string, error: unknown): UserError {
  return new UserError(
    'BAD_ARCHIVE',
    `cannot read archive ${file}: ${asClause(error instanceof Error ? error.message : String(error))}. Check that it is a tar or tar.gz file.`,
  );
}

/** Decompressed bytes below which the ratio is not judged (a small archive's headers compress very well). */
const RATIO_FLOOR = 1024 * 1024;

async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * Counts the bytes a `.tar.gz` decompresses to as they flow and stops the stream at once (one-line UserError) when
 * they pass the unpack budget or grow faster than `maxRatio` times the compressed bytes read so far.
 */
function budgetStream(file: string, limits: ExtractLimits, compressed: () => number): Transform {
  const ratio = limits.maxRatio ?? 200;
  // Every entry costs a 512-byte header and up to 511 bytes of padding on top of its content.
  const budget = limits.maxBytes + limits.maxEntries * 1024 + RATIO_FLOOR;
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > budget) {
        done(
          new UserError(
            'ARCHIVE_TOO_BIG',
            `archive ${file} decompresses to more than ${budget} bytes, more than wtlab unpacks. Archive only the app's own folder.`,
          ),
        );
      } else if (seen > RATIO_FLOOR && seen > compressed() * ratio) {
        done(
          new UserError(
            'ARCHIVE_TOO_BIG',
            `archive ${file} decompresses to more than ${ratio} times its size (${seen} bytes from the first ${compressed()}): it looks like an archive bomb. Archive only the app's own folder.`,
          ),
        );
      } else {
        done(null, chunk);
      }
    },
  });
}

/**
 * Reads every header of a tar (gzip or not) and stops at the first entry the checker refuses, writing nothing;
 * a gzip stream is decompressed here, its size and ratio checked as it flows.
 */
async function checkTar(file: string, limits: ExtractLimits): Promise<void> {
  const check = makeEntryChecker(file, limits);
  const gzip = await isGzip(file);
  return new Promise((resolve, reject) => {
    let settled = false;
    // Small reads, and the bytes gunzip really consumed: the ratio is judged on what was decompressed so far.
    const input = createReadStream(file, { highWaterMark: 16 * 1024 });
    const parser = new Parser({ strict: true });
    const gunzip = gzip ? createGunzip() : undefined;
    const budget = gzip ? budgetStream(file, limits, () => gunzip?.bytesWritten ?? 0) : undefined;
    const stop = (error: unknown) => {
      if (settled) return;
      settled = true;
      input.destroy();
      gunzip?.destroy();
      budget?.destroy();
      reject(error);
    };
    parser.on('entry', (entry: ReadEntry) => {
      try {
        check(describeEntry(entry));
      } catch (error) {
        stop(error);
        return;
      }
      entry.resume();
    });
    parser.on('error', (error: unknown) => stop(badArchive(file, error)));
    parser.on('end', () => {
      if (settled) return;
      try {
        check.finish();
      } catch (error) {
        stop(error);
        return;
      }
      settled = true;
      resolve();
    });
    input.on('error', (error) => stop(badArchive(file, error)));
    if (gunzip !== undefined && budget !== undefined) {
      gunzip.on('error', (error) => stop(badArchive(file, error)));
      budget.on('error', (error) => stop(error instanceof UserError ? error : badArchive(file, error)));
      input.pipe(gunzip).pipe(budget).pipe(parser);
    } else {
      input.pipe(parser);
    }
  });
}

/** Unpacks a `.tar`, `.tar.gz` or `.tgz` into a fresh folder after checking every entry first. */
export async function extractTar(file: string, into: string, limits: ExtractLimits): Promise<void> {
  await checkTar(file, limits);
  try {
    await extract({
      file,
      cwd: into,
      strict: true,
      preservePaths: false,
      preserveOwner: false,
      noChmod: false,
      // No setuid, setgid or sticky bit and no write for others: unpacked as root, a setuid file would be root's.
      filter: (_path, entry) => {
        if ('mode' in entry && typeof entry.mode === 'number') entry.mode &= 0o755;
        return true;
      },
      maxDecompressionRatio: Math.max(limits.maxRatio ?? 200, 1000),
    });
  } catch (error) {
    throw badArchive(file, error);
  }
}
