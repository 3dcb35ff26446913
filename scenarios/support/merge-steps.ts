import { readFile } from 'node:fs/promises';
import type { AgentPlan } from '../../src/lab/agent-plan.js';
import { check, edit, git } from '../../src/scenario/steps.js';
import type { Step } from '../../src/scenario/types.js';
import { conflictMarkers } from './files.js';

/** A text change in cli.py: what a learner or an agent got wrong (or right) beyond the plan. */
export type CliChange = { readonly find: string; readonly replace: string };

/**
 * Keeps both sides of the cli.py conflict in `cwd` (a merge, or a rebase in a worktree): our side, with
 * the incoming agent's cli.py edits made on top, then `also` (the incoming branch's own extra changes,
 * which a keep-both resolution carries over); checks that no conflict marker is left. Leaves cli.py unstaged.
 */
export function keepBothInCli(incoming: AgentPlan, cwd: string, also: readonly CliChange[] = []): Step[] {
  const name = incoming.branch.replace(/^feature\//, '');
  return [
    git('take our side of cli.py', cwd, ['checkout', '--ours', 'cli.py']),
    edit(`add agent ${incoming.agent}'s ${name} command on top`, `${cwd}/cli.py`, [...incoming.edits.filter((change) => change.file === 'cli.py'), ...also]),
    check('no conflict markers left in cli.py', async (context) => conflictMarkers('cli.py', await readFile(context.path(`${cwd}/cli.py`), 'utf8'))),
  ];
}

/** `git add cli.py && git commit --no-edit`: concludes a merge whose conflict was resolved. */
export function concludeMerge(cwd = 'tasks-app'): Step[] {
  return [git('mark cli.py resolved', cwd, ['add', 'cli.py']), git('conclude the merge', cwd, ['commit', '--no-edit'])];
}

/** Resolves the cli.py conflict of a merge in `cwd` by keeping both sides (see keepBothInCli), and concludes it. */
export function resolveKeepingBoth(incoming: AgentPlan, options: { readonly cwd?: string; readonly also?: readonly CliChange[] } = {}): Step[] {
  const cwd = options.cwd ?? 'tasks-app';
  return [...keepBothInCli(incoming, cwd, options.also), ...concludeMerge(cwd)];
}
