import { readFile } from 'node:fs/promises';
import type { AgentPlan } from '../../src/lab/agent-plan.js';
import { agent, check, edit, git, idSteps } from '../../src/scenario/steps.js';
import type { Step } from '../../src/scenario/types.js';
import { conflictMarkers } from './files.js';
import { CLI, REPO } from './names.js';

/** A text change in cli.py: what a learner or an agent got wrong (or right) beyond the plan. */
export type CliChange = { readonly find: string; readonly replace: string };

/**
 * Keeps both sides of the cli.py conflict in `cwd` (a merge, or a rebase in a worktree): our side,
 * with the incoming agent's command added on top by the same structural edit the agent made, then
 * `also` (the incoming branch's own extra changes, which a keep-both resolution carries over; default none);
 * checks that no conflict marker is left. Leaves cli.py unstaged.
 */
export function keepBothInCli(incoming: AgentPlan, cwd: string, options: { readonly also?: readonly CliChange[] } = {}): Step[] {
  const also = options.also ?? [];
  return idSteps({
    'take-our-side': git('take our side of cli.py', cwd, ['checkout', '--ours', CLI]),
    'add-incoming-on-top': agent(`add agent ${incoming.agent}'s ${incoming.command} command on top`, incoming.command, cwd, { pauseSeconds: 0, only: CLI }),
    ...(also.length > 0 ? { 'carry-their-extra-changes': edit(`carry agent ${incoming.agent}'s other changes over`, `${cwd}/${CLI}`, also) } : {}),
    'no-markers-left': check('no conflict markers left in cli.py', async (context) =>
      conflictMarkers(CLI, await readFile(context.path(`${cwd}/${CLI}`), 'utf8')),
    ),
  });
}

/** `git add cli.py && git commit --no-edit`: concludes a merge whose conflict was resolved in `cwd` (default: the main folder). */
export function concludeMerge(options: { readonly cwd?: string } = {}): Step[] {
  const cwd = options.cwd ?? REPO;
  return idSteps({
    'mark-cli-resolved': git('mark cli.py resolved', cwd, ['add', CLI]),
    'conclude-merge': git('conclude the merge', cwd, ['commit', '--no-edit']),
  });
}

/** Resolves the cli.py conflict of a merge in `cwd` by keeping both sides (see keepBothInCli), and concludes it. */
export function resolveKeepingBoth(incoming: AgentPlan, options: { readonly cwd?: string; readonly also?: readonly CliChange[] } = {}): Step[] {
  const cwd = options.cwd ?? REPO;
  return [...keepBothInCli(incoming, cwd, options.also ? { also: options.also } : {}), ...concludeMerge({ cwd })];
}
