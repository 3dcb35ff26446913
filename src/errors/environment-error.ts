/** Thrown by a check when the grading machine lacks something (e.g. python3): reported as `error`, never the learner's fault. */
export class EnvironmentError extends Error {
  readonly hint: string;

  constructor(message: string, hint: string) {
    super(message);
    this.name = 'EnvironmentError';
    this.hint = hint;
  }
}
