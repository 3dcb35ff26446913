import type { CommandResult } from '../process/command-result.js';
import type { GitCallFinding } from './types.js';

/** What made a git call fail, guessed from its exact stderr; `other` when no known cause matches. */
export type GitFailureCause = 'index.lock' | 'packed-refs' | 'ref lock' | 'auto-gc' | 'worktree' | 'other';

const CAUSES: readonly (readonly [GitFailureCause, RegExp])[] = [
  ['index.lock', /index\.lock/],
  ['packed-refs', /packed-refs/],
  ['auto-gc', /\bgc\b|gc\.pid|gc\.log|auto packing|git maintenance/i],
  ['ref lock', /cannot lock ref|unable to (?:update|lock) (?:local )?ref|\.lock': File exists/i],
  ['worktree', /worktree/i],
];

/** Names the likely cause of a failed git call from its stderr. */
export function classifyGitFailure(stderr: string): GitFailureCause {
  return CAUSES.find(([, pattern]) => pattern.test(stderr))?.[0] ?? 'other';
}

/** A finding for one failed try of a step's own command. */
export function findingFromResult(step: string, gitVersion: string, result: CommandResult, attempt: number, recovered: boolean): GitCallFinding {
  return {
    step,
    gitVersion,
    command: result.command,
    cwd: result.cwd,
    exitCode: result.exitCode,
    stderr: result.stderr,
    durationMs: result.endedAt - result.startedAt,
    attempt,
    recovered,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Findings a step's process printed as `wtlab-finding {json}` lines; recovered when the process still succeeded. */
export function reportedFindings(step: string, gitVersion: string, result: CommandResult): GitCallFinding[] {
  const findings: GitCallFinding[] = [];
  for (const line of result.stdout.split('\n')) {
    if (!line.startsWith('wtlab-finding ')) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.slice('wtlab-finding '.length));
    } catch {
      continue;
    }
    if (!isRecord(parsed) || !Array.isArray(parsed.command)) continue;
    findings.push({
      step,
      gitVersion,
      command: parsed.command.map(String),
      ...(typeof parsed.cwd === 'string' ? { cwd: parsed.cwd } : {}),
      exitCode: Number(parsed.exitCode),
      stderr: String(parsed.stderr ?? ''),
      durationMs: Number(parsed.durationMs),
      attempt: Number(parsed.attempt),
      recovered: parsed.landedAnyway === true || result.exitCode === 0,
    });
  }
  return findings;
}
