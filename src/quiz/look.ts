import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatCommand } from '../process/command-result.js';
import type { Observation, Probe } from './types.js';

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

/** Seen when a git command exits 0 (e.g. `rev-parse --verify` of a ref); any other exit means not seen. */
export async function lookByExit(probe: Probe, worktree: string, args: readonly string[]): Promise<Observation> {
  const result = await probe.git(args, worktree);
  const shown = firstLine(result.stdout) || firstLine(result.stderr);
  return { seen: result.exitCode === 0, saw: `\`${formatCommand(['git', ...args])}\` exits ${result.exitCode}${shown ? `: ${shown}` : ''}` };
}

/** Seen when a git command that must succeed prints a line containing `needle`. */
export async function lookInOutput(probe: Probe, worktree: string, args: readonly string[], needle: string): Promise<Observation> {
  const result = await probe.must(args, worktree);
  const line = result.stdout.split('\n').find((candidate) => candidate.includes(needle));
  return {
    seen: line !== undefined,
    saw: `\`${formatCommand(['git', ...args])}\` ${line === undefined ? `shows no ${JSON.stringify(needle)}` : `shows ${JSON.stringify(line.trim())}`}`,
  };
}

/** Seen when a file in the worktree folder exists and contains `needle` (any content when `needle` is empty). */
export function lookInFile(probe: Probe, worktree: string, file: string, needle = ''): Observation {
  const path = probe.path(join(worktree, file));
  if (!existsSync(path)) return { seen: false, saw: `${file} does not exist in ${worktree}` };
  const found = readFileSync(path, 'utf8').includes(needle);
  return {
    seen: found,
    saw: needle === '' ? `${file} exists in ${worktree}` : `${file} in ${worktree} ${found ? 'has' : 'lacks'} the line ${JSON.stringify(needle)}`,
  };
}
