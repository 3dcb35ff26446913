import type { CommandResult } from '../process/command-result.js';
import { runProcess } from '../process/run-process.js';
import type { GitBinary } from './git-binary.js';
import { noteGitCommand } from './git-command-log.js';

export interface RunGitOptions {
  readonly cwd: string;
  /** A sealed environment from `sealedEnv`. */
  readonly env: Readonly<Record<string, string>>;
  readonly input?: string | Buffer;
  /** @default 60000 */
  readonly timeoutMs?: number;
  /** Output beyond this many bytes per stream is cut (compare `stdout`'s length in `latin1` to see it). @default 16 MiB */
  readonly maxBuffer?: number;
  /** `latin1` keeps stdout's bytes exact, one character per byte. @default 'utf8' */
  readonly stdoutEncoding?: 'utf8' | 'latin1';
  /** `-c key=value` settings put before the subcommand, overriding anything the repository says. */
  readonly config?: Readonly<Record<string, string>>;
}

/** The one way wtlab runs git: the chosen binary, a sealed environment, exact output and exit code back. */
export async function runGit(git: GitBinary, args: readonly string[], options: RunGitOptions): Promise<CommandResult> {
  const overrides = Object.entries(options.config ?? {}).flatMap(([key, value]) => ['-c', `${key}=${value}`]);
  const result = await runProcess([git.path, ...overrides, ...args], {
    cwd: options.cwd,
    env: options.env,
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxBuffer !== undefined ? { maxBuffer: options.maxBuffer } : {}),
    ...(options.stdoutEncoding !== undefined ? { stdoutEncoding: options.stdoutEncoding } : {}),
  });
  noteGitCommand(args, result);
  return { ...result, command: ['git', ...args] };
}
