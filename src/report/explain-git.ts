import type { GitCommandRun } from '../git/git-command-log.js';
import { formatCommand } from '../process/command-result.js';
import { submissionLabel } from '../submission/submission-label.js';

/** `--explain`: every git command grading ran for one submission, with its exit code, duration and folder; a URL's token hidden. */
export function formatGitCommands(source: string, commands: readonly GitCommandRun[]): string {
  const lines = [
    `git commands run to grade ${submissionLabel(source)} (${commands.length}; wtlab adds -c settings that turn hooks, fsmonitor and filters off):`,
  ];
  for (const command of commands) {
    const status = `exit ${command.exitCode}`.padEnd(7);
    lines.push(`  ${status} ${`${command.durationMs}ms`.padStart(6)}  git ${formatCommand(command.args.map(submissionLabel))}  (in ${command.cwd})`);
  }
  return `${lines.join('\n')}\n`;
}
