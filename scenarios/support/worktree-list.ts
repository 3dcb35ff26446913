import { parseWorktreeList, type ListedWorktree } from '../../src/evidence/read-worktrees.js';
import type { StepContext } from '../../src/scenario/types.js';

/** Reads the worktree list of the repository in `cwd` (`git worktree list --porcelain`, parsed by the engine's one parser). */
export async function listWorktrees(context: StepContext, cwd: string): Promise<ListedWorktree[]> {
  const result = await context.runGit(['worktree', 'list', '--porcelain'], cwd);
  if (result.exitCode !== 0) throw new Error(`git worktree list failed: ${result.stderr.trim()}`);
  return parseWorktreeList(result.stdout, 'line');
}

/** Failure lines unless the worktrees are exactly these folders (relative to the work area) on these branches. */
export async function expectWorktrees(context: StepContext, cwd: string, wanted: readonly (readonly [string, string])[]): Promise<string[]> {
  const records = await listWorktrees(context, cwd);
  // git lists the main worktree first and the linked ones in its own order, so compare those as a set.
  const sortLinked = (lines: string[]) => [...lines.slice(0, 1), ...lines.slice(1).sort()];
  const actual = sortLinked(records.map((record) => `${record.path} [${record.branch ?? 'detached'}]`));
  const expected = sortLinked(wanted.map(([folder, branch]) => `${context.path(folder)} [${branch}]`));
  return actual.join('\n') === expected.join('\n') ? [] : [`git worktree list shows:\n${actual.join('\n')}\nexpected:\n${expected.join('\n')}`];
}
