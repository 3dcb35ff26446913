import { defineScenario } from '../src/scenario/define-scenario.js';
import { check, git, idSteps } from '../src/scenario/steps.js';
import { expectAbsent } from './support/files.js';
import { startRepo } from './support/start-repo.js';
import { expectWorktrees } from './support/worktree-list.js';
import { MAIN, REPO } from './support/names.js';

export default defineScenario({
  name: 'same-branch-refused',
  summary: 'A branch checked out in one worktree cannot be checked out in a second one: one branch, one worktree.',
  steps: [
    ...startRepo(),
    ...idSteps({
      'second-worktree-on-main-refused': git('a second worktree on main is refused', REPO, ['worktree', 'add', '../x', MAIN], {
        expect: {
          exitCode: 'nonzero',
          stderr: { lab: `fatal: '${MAIN}' is already checked out at`, variants: [{ text: `fatal: '${MAIN}' is already used by worktree at`, since: '2.43' }] },
        },
      }),
      'nothing-left-behind': check('no folder and no record were left behind', async (context) => [
        ...expectAbsent(context, ['x', `${REPO}/.git/worktrees/x`]),
        ...(await expectWorktrees(context, REPO, [[REPO, MAIN]])),
      ]),
      'new-branch-second-worktree': git('a new branch in a second worktree is fine', REPO, ['worktree', 'add', '../x', '-b', 'side'], {
        expect: {
          stderr: { lab: "Preparing worktree (new branch 'side')", otherStream: { until: '2.34' } },
        },
      }),
      'main-cannot-take-linked-branch': git('the main worktree cannot switch to the branch the linked one holds', REPO, ['switch', 'side'], {
        expect: {
          exitCode: 'nonzero',
          stderr: { lab: "fatal: 'side' is already checked out at", variants: [{ text: "fatal: 'side' is already used by worktree at", since: '2.43' }] },
        },
      }),
      'each-keeps-its-branch': check('both worktrees keep their own branch', (context) =>
        expectWorktrees(context, REPO, [
          [REPO, MAIN],
          ['x', 'side'],
        ]),
      ),
    }),
  ],
});
