import { formatCommand } from '../process/command-result.js';
import type { StepContext } from '../scenario/types.js';
import type { Probe } from './types.js';

/** A probe over a scenario step's context: git runs with the scenario's sealed environment. */
export function makeProbe(context: Pick<StepContext, 'runGit' | 'path'>): Probe {
  return {
    git: (args, cwd) => context.runGit(args, cwd),
    async must(args, cwd) {
      const result = await context.runGit(args, cwd);
      if (result.exitCode !== 0) {
        throw new Error(`\`${formatCommand(['git', ...args])}\` in ${cwd} exited ${result.exitCode}: ${(result.stderr || result.stdout).trim()}`);
      }
      return result;
    },
    path: (relative) => context.path(relative),
  };
}
