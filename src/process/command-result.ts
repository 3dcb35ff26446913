/** What one finished process did: exactly what it printed, how it ended, and when it ran. */
export interface CommandResult {
  readonly command: readonly string[];
  readonly cwd: string;
  readonly exitCode: number;
  readonly signal: string | undefined;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

/** One line showing a command as a person would type it. */
export function formatCommand(command: readonly string[]): string {
  return command.map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, `'\\''`)}'`)).join(' ');
}
