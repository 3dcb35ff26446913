import { extract, list, type ReadEntry } from 'tar';
import { UserError } from '../cli/user-error.js';
import { checkEntry, makeLimitCounter, type ArchiveEntry } from './check-entry.js';
import type { ExtractLimits } from './types.js';

function describeEntry(entry: ReadEntry): ArchiveEntry {
  const type = ['File', 'OldFile', 'ContiguousFile'].includes(entry.type)
    ? 'file'
    : entry.type === 'Directory'
      ? 'directory'
      : entry.type === 'SymbolicLink'
        ? 'symlink'
        : entry.type === 'Link'
          ? 'hardlink'
          : ['ExtendedHeader', 'GlobalExtendedHeader', 'NextFileHasLongPath', 'NextFileHasLongLinkpath', 'OldExtendedHeader'].includes(entry.type)
            ? 'directory'
            : 'other';
  return { path: entry.path, type, size: entry.size ?? 0, ...(entry.linkpath ? { linkpath: entry.linkpath } : {}) };
}

/** Unpacks a `.tar`, `.tar.gz` or `.tgz` into a folder after checking every entry first. */
export async function extractTar(file: string, into: string, limits: ExtractLimits): Promise<void> {
  const count = makeLimitCounter(file, limits);
  let refused: unknown;
  try {
    await list({
      file,
      strict: true,
      onReadEntry: (entry) => {
        if (refused !== undefined) return;
        try {
          const described = describeEntry(entry);
          checkEntry(file, described);
          count(described);
        } catch (error) {
          refused = error;
        }
      },
    });
  } catch (error) {
    throw new UserError('BAD_ARCHIVE', `cannot read archive ${file}: ${error instanceof Error ? error.message : String(error)}. Check that it is a tar or tar.gz file.`);
  }
  if (refused !== undefined) throw refused;
  await extract({ file, cwd: into, strict: true, preservePaths: false, preserveOwner: false });
}
