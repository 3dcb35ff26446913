/** A problem with what the user asked for: printed as one line, exit code 2, never a stack trace. */
export class UserError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'UserError';
    this.code = code;
  }
}
