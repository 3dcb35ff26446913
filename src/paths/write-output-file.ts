import { appendFile, writeFile } from 'node:fs/promises';
import { UserError } from '../errors/user-error.js';
import { makeParentFolder } from './make-parent-folder.js';

export interface WriteOutputFileOptions {
  /** The UserError's code when the file cannot be written, e.g. `REPORT_NOT_WRITTEN`. */
  readonly code: string;
  /** The sentence after the fact: what to do instead, e.g. `Pick a writable path, e.g. --summary ./class.csv`. */
  readonly next: string;
  /** Add to the end of the file instead of replacing it. @default false */
  readonly append?: boolean;
}

/** Why a write failed, as its errno code (`EACCES`, `ENOENT`) when it has one, else the error's text. */
export function writeFailure(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : String(error);
}

/**
 * Writes a file the user named (a report, a summary), UTF-8, making its missing parent folders first
 * (makeParentFolder). A file that cannot be written is a UserError (exit 2) in one line:
 * `cannot write PATH (EACCES). NEXT`.
 */
export async function writeOutputFile(path: string, text: string, options: WriteOutputFileOptions): Promise<void> {
  try {
    await makeParentFolder(path);
    await (options.append === true ? appendFile : writeFile)(path, text, 'utf8');
  } catch (error) {
    throw new UserError(options.code, `cannot write ${path} (${writeFailure(error)}). ${options.next}`);
  }
}
