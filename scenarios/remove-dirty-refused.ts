import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { defineScenario } from '../src/scenario/define-scenario.js';
import { appendLines, check, git, idSteps, remove, write } from '../src/scenario/steps.js';
import type { StepContext } from '../src/scenario/types.js';
import { expectAbsent, expectPresent } from './support/files.js';
import { startRepo } from './support/start-repo.js';
import { expectWorktrees } from './support/worktree-list.js';
import { A } from './support/agents.js';
import { CLI, MAIN, REPO } from './support/names.js';

const LINKED = A.worktree;
const MARK = 'uncommitted-edit-7f3c';
/** The edit: a comment line appended to cli.py, which needs nothing of the app's own text. */
const EDITED = `# ${MARK}: work that was never committed`;
const REFUSED = 'contains modified or untracked files, use --force to delete it';

/** Every file under a folder whose bytes contain a text (loose objects are compressed, so also ask git). */
async function filesContaining(folder: string, text: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const file = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await filesContaining(file, text)));
    else if (entry.isFile() && (await stat(file)).size <= 4 * 1024 * 1024 && (await readFile(file, 'latin1')).includes(text)) found.push(file);
  }
  return found;
}

async function editIsLost(context: StepContext): Promise<string[]> {
  const failures = expectAbsent(context, [LINKED, `${REPO}/.git/worktrees/${LINKED}`]);
  const blob = context.result('remember-blob')?.run?.stdout.trim() ?? '';
  if (!/^[0-9a-f]{40,64}$/.test(blob)) failures.push(`no blob id was recorded: ${JSON.stringify(blob)}`);
  const object = await context.runGit(['cat-file', '-e', blob], REPO);
  if (object.exitCode === 0) failures.push(`the edited content was written as object ${blob}, so it is not gone`);
  const fsck = await context.runGit(['fsck', '--lost-found', '--no-reflogs'], REPO);
  if (fsck.stdout.includes(blob)) failures.push(`git fsck found the edit as a dangling object: ${fsck.stdout.trim()}`);
  const copies = await filesContaining(context.work, MARK);
  if (copies.length > 0) failures.push(`the edit is still on disk in: ${copies.join(', ')}`);
  return failures;
}

export default defineScenario({
  name: 'remove-dirty-refused',
  summary: 'git worktree remove refuses a worktree with uncommitted or untracked work; --force throws the work away for good.',
  steps: [
    ...startRepo(),
    ...idSteps({
      'add-worktree': git('add a linked worktree', REPO, ['worktree', 'add', `../${LINKED}`, '-b', A.branch]),

      'uncommitted-edit': appendLines('an uncommitted edit in the linked worktree', `${LINKED}/${CLI}`, [EDITED]),
      'remove-refused-edit': git('remove with an uncommitted edit is refused', REPO, ['worktree', 'remove', `../${LINKED}`], {
        expect: {
          exitCode: 'nonzero',
          stderr: REFUSED,
        },
      }),
      'edit-still-there': check('the folder and the edit are still there', async (context) => {
        const failures = expectPresent(context, [LINKED, `${REPO}/.git/worktrees/${LINKED}`]);
        if (!(await readFile(context.path(`${LINKED}/${CLI}`), 'utf8')).includes(MARK)) failures.push('the edit is gone after a refused remove');
        return failures;
      }),

      'undo-edit': git('undo the edit', LINKED, ['restore', CLI]),
      'untracked-file': write('an untracked file in the linked worktree', `${LINKED}/notes.txt`, 'notes nobody committed\n'),
      'remove-refused-untracked': git('remove with an untracked file is refused', REPO, ['worktree', 'remove', `../${LINKED}`], {
        expect: {
          exitCode: 'nonzero',
          stderr: REFUSED,
        },
      }),
      'untracked-still-there': check('the untracked file is still there', (context) => expectPresent(context, [`${LINKED}/notes.txt`])),
      'delete-untracked': remove('delete the untracked file', `${LINKED}/notes.txt`),

      'edit-again': appendLines('the uncommitted edit again', `${LINKED}/${CLI}`, [EDITED]),
      'remember-blob': git("remember the edited file's blob id", LINKED, ['hash-object', CLI]),
      'remove-force': git('remove --force succeeds', REPO, ['worktree', 'remove', '--force', `../${LINKED}`]),
      'edit-lost': check('the folder, its record and the edit are gone for good', editIsLost),
      'only-main-listed': check('only the main worktree is listed', (context) => expectWorktrees(context, REPO, [[REPO, MAIN]])),
      'branch-survives': check('the branch itself survives', async (context) => {
        const branch = await context.runGit(['rev-parse', '--verify', '--quiet', `refs/heads/${A.branch}`], REPO);
        return branch.exitCode === 0 && existsSync(context.path(REPO)) ? [] : [`${A.branch} is gone too`];
      }),
    }),
  ],
});
