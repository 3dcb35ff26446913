import type { Evidence, LinkedWorktreeObservation } from '../../src/evidence/types.js';
import { formatCommand } from '../../src/process/command-result.js';
import { LAB_COMMANDS } from '../lab.js';
import { ownWork, statusPath, untrackedRuntime } from './runtime-state.js';

/** The live observation of a linked worktree folder, by its path. */
function liveAt(evidence: Evidence, path: string): LinkedWorktreeObservation | undefined {
  return evidence.local?.linked.find((observed) => observed.source === 'live' && observed.path === path);
}

/** Commits a worktree's own uncommitted work without sweeping in runtime state: only its own files are named (no `git add -A`). */
export function commitWorkCommand(observed: LinkedWorktreeObservation): string {
  const work = ownWork(observed);
  const untracked = work.filter((line) => line.startsWith('??')).map(statusPath);
  const add = untracked.length === 0 ? '' : `${formatCommand(['git', '-C', observed.path, 'add', '--', ...untracked])} && `;
  return `${add}${formatCommand(['git', '-C', observed.path, 'commit', '-am'])} "Finish the work"`;
}

/**
 * How to remove one linked worktree so that git accepts it in its present state: `git worktree remove`
 * refuses untracked files, so runtime state that is not ignored is deleted first and the message says
 * why; own uncommitted work is committed first. `say` is the fact to put before the command, if any.
 */
export function removeWorktreeSteps(evidence: Evidence, path: string): { readonly say: string; readonly commands: string } {
  return removeObservedSteps(path, liveAt(evidence, path));
}

/** The same for a folder as seen now (undefined when it cannot be seen: then the plain command). */
export function removeObservedSteps(path: string, observed: LinkedWorktreeObservation | undefined): { readonly say: string; readonly commands: string } {
  const remove = LAB_COMMANDS.removeWorktree(path);
  if (observed === undefined) return { say: '', commands: remove };
  const work = ownWork(observed);
  const runtime = untrackedRuntime(observed);
  const clear = runtime.length === 0 ? '' : `${formatCommand(['rm', '-rf', ...runtime.map((file) => `${path}/${file}`)])} && `;
  const why =
    runtime.length === 0
      ? ''
      : `git worktree remove refuses a folder with untracked files, and ${runtime.join(' and ')} there ${runtime.length === 1 ? 'is' : 'are'} not ignored: delete ${runtime.length === 1 ? 'it' : 'them'} first (only the app's state in that worktree goes). `;
  if (work.length > 0)
    return {
      say: `${why}${path} also holds uncommitted work (${work.slice(0, 3).join(', ')}): commit it first. `,
      commands: `${commitWorkCommand(observed)} && ${clear}${remove}`,
    };
  return { say: why, commands: `${clear}${remove}` };
}
