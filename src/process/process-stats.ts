import { spawnCountsByProgram } from './run-process.js';

/** One line naming how many git and python processes this process started, e.g. `processes: 7 git, 1 python`. */
export function formatProcessStats(counts: ReadonlyMap<string, number> = spawnCountsByProgram()): string {
  let git = 0;
  let python = 0;
  let other = 0;
  for (const [program, count] of counts) {
    if (program === 'git' || program.startsWith('git-')) git += count;
    else if (program.startsWith('python')) python += count;
    else other += count;
  }
  return `processes: ${git} git, ${python} python${other > 0 ? `, ${other} other` : ''}`;
}

/** Writes the process count line to `stream` when this process exits (`WTLAB_STATS=1`). */
export function reportProcessStatsAtExit(stream: NodeJS.WritableStream): void {
  process.once('exit', () => {
    stream.write(`${formatProcessStats()}\n`);
  });
}
