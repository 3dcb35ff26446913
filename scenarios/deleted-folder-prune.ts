import { existsSync } from 'node:fs';
import { compareVersions } from '../src/git/git-binary.js';
import { defineScenario } from '../src/scenario/define-scenario.js';
import { check, git, idSteps, remove } from '../src/scenario/steps.js';
import type { StepContext } from '../src/scenario/types.js';
import { expectEmptyFolder } from './support/files.js';
import { startRepo } from './support/start-repo.js';
import { expectWorktrees, listWorktrees } from './support/worktree-list.js';
import { A } from './support/agents.js';
import { MAIN, REPO } from './support/names.js';

const LINKED = A.worktree;
/** `git worktree list` marks records whose folder is gone as `prunable` from git 2.31 on. */
const PRUNABLE_SINCE = '2.31';

async function staleRecordListed(context: StepContext) {
  const records = await listWorktrees(context, REPO);
  const stale = records.find((record) => record.path === context.path(LINKED));
  if (stale === undefined) return { failures: [`git worktree list no longer shows ${LINKED} although nobody pruned it`] };
  const failures: string[] = [];
  if (!existsSync(context.path(`${REPO}/.git/worktrees/${LINKED}`))) failures.push(`.git/worktrees/${LINKED} is gone before any prune`);
  const marks = compareVersions(context.git.version, PRUNABLE_SINCE) >= 0;
  if (marks && !stale.prunable) failures.push(`git ${context.git.version} does not mark ${LINKED} prunable`);
  if (!marks && stale.prunable) failures.push(`git ${context.git.version} marks ${LINKED} prunable, which only ${PRUNABLE_SINCE} and later should do`);
  const findings = marks
    ? []
    : [
        {
          kind: 'behaviour' as const,
          expected: `${LINKED} listed and marked prunable (git ${PRUNABLE_SINCE} and later)`,
          actual: `${LINKED} listed without any mark: git ${context.git.version} predates the prunable annotation`,
        },
      ];
  return { failures, findings };
}

export default defineScenario({
  name: 'deleted-folder-prune',
  summary: 'A worktree folder deleted by hand stays listed (prunable from git 2.31) until git worktree prune forgets it.',
  steps: [
    ...startRepo(),
    ...idSteps({
      'add-worktree': git('add a linked worktree', REPO, ['worktree', 'add', `../${LINKED}`, '-b', A.branch]),
      'delete-folder': remove('delete its folder by hand (rm -rf)', LINKED),
      'stale-record-listed': check('git worktree list still shows the deleted folder', staleRecordListed),
      'branch-held': git('the branch is still held by the stale record', REPO, ['branch', '-d', A.branch], {
        expect: {
          exitCode: 'nonzero',
          stderr: /cannot delete branch 'feature\/wipe' (checked out|used by worktree) at/i,
        },
      }),
      'prune-forgets': git('git worktree prune forgets it', REPO, ['worktree', 'prune', '--verbose'], { expect: { output: `Removing worktrees/${LINKED}` } }),
      'only-main-listed': check('only the main worktree is listed', (context) => expectWorktrees(context, REPO, [[REPO, MAIN]])),
      'no-records': check('.git/worktrees holds no record', (context) => expectEmptyFolder(context, `${REPO}/.git/worktrees`)),
      'branch-deletable': git('the branch can be deleted now', REPO, ['branch', '-d', A.branch]),
    }),
  ],
});
