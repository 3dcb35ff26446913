import type { StepContext } from '../../src/scenario/types.js';

/** One record of `git worktree list --porcelain`. */
export interface WorktreeRecord {
  readonly path: string;
  readonly head: string | undefined;
  readonly branch: string | undefined;
  readonly prunable: boolean;
  readonly locked: boolean;
}

/** Parses `git worktree list --porcelain` (stable across git versions) into records. */
export function parseWorktreeList(porcelain: string): WorktreeRecord[] {
  return porcelain
    .split('\n\n')
    .map((block) => block.trim())
    .filter((block) => block.startsWith('worktree '))
    .map((block) => {
      const lines = block.split('\n');
      const value = (key: string) => lines.find((line) => line === key || line.startsWith(`${key} `))?.slice(key.length + 1);
      return {
        path: value('worktree') ?? '',
        head: value('HEAD'),
        branch: value('branch')?.replace(/^refs\/heads\//, ''),
        prunable: lines.some((line) => line.startsWith('prunable')),
        locked: lines.some((line) => line.startsWith('locked')),
      };
    });
}

/** Reads the worktree list of the repository in `cwd`. */
export async function listWorktrees(context: StepContext, cwd: string): Promise<WorktreeRecord[]> {
  const result = await context.runGit(['worktree', 'list', '--porcelain'], cwd);
  if (result.exitCode !== 0) throw new Error(`git worktree list failed: ${result.stderr.trim()}`);
  return parseWorktreeList(result.stdout);
}

/** Failure lines unless the worktrees are exactly these folders (relative to the work area) on these branches. */
export async function expectWorktrees(context: StepContext, cwd: string, wanted: readonly (readonly [string, string])[]): Promise<string[]> {
  const records = await listWorktrees(context, cwd);
  // git lists the main worktree first and the linked ones in its own order, so compare those as a set.
  const sortLinked = (lines: string[]) => [...lines.slice(0, 1), ...lines.slice(1).sort()];
  const actual = sortLinked(records.map((record) => `${record.path} [${record.branch ?? 'detached'}]`));
  const expected = sortLinked(wanted.map(([folder, branch]) => `${context.path(folder)} [${branch}]`));
  return actual.join('\n') === expected.join('\n')
    ? []
    : [`git worktree list shows:\n${actual.join('\n')}\nexpected:\n${expected.join('\n')}`];
}
