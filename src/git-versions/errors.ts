import { UserError } from '../errors/user-error.js';

export type GitVersionErrorCode =
  'UNKNOWN_VERSION' | 'NOT_AVAILABLE' | 'TOOL_MISSING' | 'DOWNLOAD_FAILED' | 'BUILD_FAILED' | 'VERSION_MISMATCH' | 'BAD_MANIFEST';

/** A git version that cannot be had or read: a one-line reason and a stable code; the CLI prints it and exits 2. */
export class GitVersionError extends UserError {
  declare readonly code: GitVersionErrorCode;

  constructor(code: GitVersionErrorCode, message: string) {
    super(code, message);
    this.name = 'GitVersionError';
  }
}
