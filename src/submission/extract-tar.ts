import { createReadStream } from 'node:fs';
import { extract, Parser, type ReadEntry } from 'tar';
import { UserError } from '../errors/user-error.js';
import { makeEntryChecker, type ArchiveEntry } from './check-entry.js';
import type { ExtractLimits } from './types.js';

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
  return new UserError('BAD_ARCHIVE', `cannot read archive ${file}: ${error instanceof Error ? error.message : String(error)}. Check that it is a tar or tar.gz file.`);
}

/** Reads every header of a tar (gzip or not) and stops at the first entry the checker refuses, writing nothing. */
function checkTar(file: string, limits: ExtractLimits): Promise<void> {
  const check = makeEntryChecker(file, limits);
  return new Promise((resolve, reject) => {
    let settled = false;
    const input = createReadStream(file);
    const parser = new Parser({ strict: true, maxDecompressionRatio: Math.max(limits.maxRatio ?? 200, 1000) });
    const stop = (error: unknown) => {
      if (settled) return;
      settled = true;
      input.destroy();
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
      settled = true;
      resolve();
    });
    input.on('error', (error) => stop(badArchive(file, error)));
    input.pipe(parser);
  });
}

/** Unpacks a `.tar`, `.tar.gz` or `.tgz` into a fresh folder after checking every entry first. */
export async function extractTar(file: string, into: string, limits: ExtractLimits): Promise<void> {
  await checkTar(file, limits);
  try {
    await extract({ file, cwd: into, strict: true, preservePaths: false, preserveOwner: false, noChmod: false, maxDecompressionRatio: Math.max(limits.maxRatio ?? 200, 1000) });
  } catch (error) {
    throw badArchive(file, error);
  }
}
