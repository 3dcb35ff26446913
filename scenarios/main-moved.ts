import { readFile } from 'node:fs/promises';
import { defineScenario } from '../src/scenario/define-scenario.js';
import { check, git, idSteps, remove, run, write } from '../src/scenario/steps.js';
import { expectPresent } from './support/files.js';
import { startRepo } from './support/start-repo.js';
import { expectWorktrees, listWorktrees } from './support/worktree-list.js';
import { A } from './support/agents.js';
import { CLI, MAIN, REPO } from './support/names.js';

const MOVED = `${REPO}-moved`;
const LINKED = A.worktree;
const LINKED_MOVED = `${A.worktree}-moved`;

/** What a linked worktree's git says when the main worktree's `.git` is no longer where its `.git` file points. */
function brokenLink(gitdir: string) {
  return {
    exitCode: 128,
    stderr: [
      'fatal: not a git repository',
      {
        label: `fatal: not a git repository: <path>/${gitdir}`,
        lab: new RegExp(`fatal: not a git repository: /\\S*/${gitdir.replace(/[.]/g, '\\.')}`),
        variants: [{ text: 'fatal: not a git repository: (null)', since: '2.54', kind: 'behaviour' as const }],
      },
    ],
  };
}

export default defineScenario({
  name: 'main-moved',
  summary: 'Moving the main worktree breaks the linked ones until git worktree repair; deleting it breaks them for good.',
  steps: [
    ...startRepo(),
    ...idSteps({
      'add-worktree': git('add a linked worktree', REPO, ['worktree', 'add', `../${LINKED}`, '-b', A.branch]),
      'linked-works': git('the linked worktree works', LINKED, ['status', '--short', '--branch'], { expect: { stdout: `## ${A.branch}` } }),

      'move-main': run('move the main worktree away', ['mv', REPO, MOVED]),
      'linked-fails': git('git in the linked worktree fails', LINKED, ['status'], { expect: brokenLink(`${REPO}/.git/worktrees/${LINKED}`) }),
      'repair-from-main': git('git worktree repair from the moved main worktree', MOVED, ['worktree', 'repair'], {
        expect: { output: `repair: .git file broken: ` },
      }),
      'linked-works-again': git('the linked worktree works again', LINKED, ['status', '--short', '--branch'], { expect: { stdout: `## ${A.branch}` } }),
      'list-new-places': check('the list shows both at their new places', (context) =>
        expectWorktrees(context, MOVED, [
          [MOVED, MAIN],
          [LINKED, A.branch],
        ]),
      ),

      'move-back-and-linked-away': run('move the main worktree back and the linked one away', [
        'sh',
        '-c',
        `mv ${MOVED} ${REPO} && git -C ${REPO} worktree repair && mv ${LINKED} ${LINKED_MOVED}`,
      ]),
      'list-marks-missing': check('the list marks the moved linked worktree as missing', async (context) => {
        const records = await listWorktrees(context, REPO);
        const old = records.find((record) => record.path === context.path(LINKED));
        return old === undefined ? [`git worktree list has no record for ${LINKED} any more`] : [];
      }),
      'repair-from-linked': git('git worktree repair from inside the moved linked worktree', LINKED_MOVED, ['worktree', 'repair'], {
        expect: {
          output: 'repair: gitdir incorrect: ',
        },
      }),
      'moved-linked-works': git('the moved linked worktree works', LINKED_MOVED, ['status', '--short', '--branch'], { expect: { stdout: `## ${A.branch}` } }),
      'list-new-places-again': check('the list shows both at their new places again', (context) =>
        expectWorktrees(context, REPO, [
          [REPO, MAIN],
          [LINKED_MOVED, A.branch],
        ]),
      ),

      'work-in-linked': write('work in the linked worktree', `${LINKED_MOVED}/wipe-notes.txt`, 'wipe: design notes\n'),
      'stage-work': git('stage it', LINKED_MOVED, ['add', 'wipe-notes.txt']),
      'commit-work': git('commit it in the linked worktree only', LINKED_MOVED, ['commit', '-m', 'Notes for wipe']),
      'delete-main': remove('delete the main worktree (rm -rf)', REPO),
      'linked-fails-for-good': git('git in the linked worktree fails for good', LINKED_MOVED, ['log', '--oneline'], {
        expect: brokenLink(`${REPO}/.git/worktrees/${LINKED}`),
      }),
      'repair-impossible': git('repair cannot run from the linked worktree', LINKED_MOVED, ['worktree', 'repair'], {
        expect: {
          exitCode: 128,
          stderr: 'fatal: not a git repository',
        },
      }),
      'files-without-history': check('the files are there, the history is not', async (context) => {
        const failures = expectPresent(context, [`${LINKED_MOVED}/${CLI}`, `${LINKED_MOVED}/wipe-notes.txt`, `${LINKED_MOVED}/.git`]);
        const pointer = await readFile(context.path(`${LINKED_MOVED}/.git`), 'utf8');
        if (!pointer.startsWith('gitdir: ')) failures.push(`${LINKED_MOVED}/.git is not a gitdir pointer: ${pointer}`);
        const commit = await context.runGit(['log', '-1', '--format=%s'], LINKED_MOVED);
        if (commit.exitCode === 0) failures.push(`git still reads the linked worktree's history: ${commit.stdout.trim()}`);
        return failures;
      }),
    }),
  ],
});
