import { execa } from 'execa';
import type { CommandResult } from './command-result.js';

export interface RunProcessOptions {
  readonly cwd: string;
  /** The whole environment of the child; nothing is inherited from this process. */
  readonly env: Readonly<Record<string, string>>;
  readonly input?: string;
  /** @default 60000 */
  readonly timeoutMs?: number;
  /** Output beyond this many bytes per stream is cut. @default 16 MiB */
  readonly maxBuffer?: number;
}

let spawned = 0;

/** How many processes this process has started through `runProcess` so far. */
export function spawnCount(): number {
  return spawned;
}

/** Runs one program to its end and returns its exact output and exit code; never throws for a non-zero exit. */
export async function runProcess(command: readonly string[], options: RunProcessOptions): Promise<CommandResult> {
  const [file, ...args] = command;
  if (file === undefined) throw new Error('runProcess: empty command');
  spawned += 1;
  const startedAt = Date.now();
  const result = await execa(file, args, {
    cwd: options.cwd,
    env: { ...options.env },
    extendEnv: false,
    input: options.input ?? '',
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: options.maxBuffer ?? 16 * 1024 * 1024,
    reject: false,
    stripFinalNewline: false,
    encoding: 'utf8',
    windowsHide: true,
  });
  const endedAt = Date.now();
  const spawnFailed = result.exitCode === undefined && result.signal === undefined && !result.timedOut;
  return {
    command,
    cwd: options.cwd,
    exitCode: result.exitCode ?? (spawnFailed ? 127 : 128),
    signal: result.signal ?? undefined,
    timedOut: result.timedOut,
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    stderr: spawnFailed && !result.stderr ? `${result.shortMessage}\n` : typeof result.stderr === 'string' ? result.stderr : '',
    startedAt,
    endedAt,
  };
}
