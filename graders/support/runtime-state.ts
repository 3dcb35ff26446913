import type { Evidence, LinkedWorktreeObservation } from '../../src/evidence/types.js';
import { RUNTIME_PATHS, STATE_FILE } from '../lab.js';

/** The path of a `git status --porcelain` line (`?? tasks.json` gives `tasks.json`). */
export function statusPath(line: string): string {
  return line.slice(3);
}

/** Whether a path is the app's runtime state (the state file, or a `__pycache__` folder anywhere), not the learner's work. */
export function isRuntimePath(path: string): boolean {
  return RUNTIME_PATHS.some((runtime) => (runtime.endsWith('/') ? `/${path}`.includes(`/${runtime}`) : path === runtime));
}

/** The uncommitted lines of a worktree that are the learner's work: runtime state left untracked is not. */
export function ownWork(observed: LinkedWorktreeObservation): string[] {
  return observed.uncommitted.filter((line) => !(line.startsWith('??') && isRuntimePath(statusPath(line))));
}

/** The runtime paths git sees as untracked in a worktree (not ignored): `git worktree remove` refuses while they are there. */
export function untrackedRuntime(observed: LinkedWorktreeObservation): string[] {
  const loose = observed.uncommitted
    .filter((line) => line.startsWith('??') && isRuntimePath(statusPath(line)))
    .map((line) => {
      const path = statusPath(line);
      const cache = path.indexOf('__pycache__/');
      return cache === -1 ? path : path.slice(0, cache + '__pycache__'.length);
    });
  return [...new Set([...(observed.tasksJson === 'untracked' ? [STATE_FILE] : []), ...loose])];
}

/** Whether a pattern line of .gitignore matches a file name at the top (`*` and `?` globs, an optional leading `/`). */
function matches(pattern: string, name: string): boolean {
  const body = pattern.replace(/^\//, '').replace(/\/$/, '');
  if (body === '' || body.includes('/')) return false;
  const regex = new RegExp(
    `^${body
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '[^/]')}$`,
  );
  return regex.test(name);
}

/** Whether main's .gitignore ignores the state file (last matching line wins, `!` un-ignores). Undefined when main has no .gitignore. */
export function mainIgnoresState(evidence: Evidence): boolean | undefined {
  const text = evidence.files.find((entry) => entry.ref === evidence.mainBranch)?.files['.gitignore'];
  if (typeof text !== 'string') return undefined;
  let ignored = false;
  for (const raw of text.replace(/\r/g, '').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('!')) {
      if (matches(line.slice(1), STATE_FILE)) ignored = false;
    } else if (matches(line, STATE_FILE)) ignored = true;
  }
  return ignored;
}

/** The commands that make the state file ignored from now on and drop it from the index: a fix that does not come back with the next `git add`. */
export function ignoreStateCommands(evidence: Evidence): string {
  return untrackCommands(evidence, STATE_FILE);
}

/**
 * Untracks a committed runtime path (the state file, or a `__pycache__` folder) and, unless main's
 * .gitignore already covers it, adds it there, so the next `git add` does not bring it back.
 */
export function untrackCommands(evidence: Evidence, path: string): string {
  const { target, ignore } = runtimeTarget(evidence, path);
  return `${ignore === undefined ? '' : `${ignore} && `}git rm -r --cached ${target} && git commit -m "Stop tracking ${target}"`;
}

/** What to untrack for a committed runtime path, and the command that ignores it (undefined when main's .gitignore already does). */
export function runtimeTarget(evidence: Evidence, path: string): { readonly target: string; readonly ignore: string | undefined } {
  const cache = path.indexOf('__pycache__');
  const target = cache === -1 ? path : path.slice(0, cache + '__pycache__'.length);
  const ignored = cache === -1 ? target === STATE_FILE && mainIgnoresState(evidence) === true : false;
  const pattern = cache === -1 ? target : '__pycache__/';
  return { target, ignore: ignored ? undefined : `echo ${pattern} >> .gitignore && git add .gitignore` };
}
