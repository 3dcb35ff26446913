import { afterEach, describe, expect, it } from 'vitest';
import sameBranchRefused from '../../scenarios/same-branch-refused.js';
import { compareVersions } from '../../src/git/git-binary.js';
import { resolveLabFolder } from '../../src/lab/lab-folder.js';
import { normaliseOutput } from '../../src/scenario/compare-module-text.js';
import { extractShownOutputs } from '../../src/scenario/module-text.js';
import { runMatrix } from '../../src/scenario/run-matrix.js';
import { copyLab, type LabCopy } from '../support/lab-copy.js';
import { testGit } from '../support/git.js';

const copies: LabCopy[] = [];
afterEach(() => {
  for (const copy of copies.splice(0)) copy.remove();
});

/** A module text showing what the same-branch refusal prints, worded as `wording` says. */
function moduleText(wording: string): string {
  return [
    '# A module',
    '',
    'Asking for the same branch twice fails:',
    '',
    '```console',
    '$ git worktree add ../x main',
    "Preparing worktree (checking out 'main')",
    `fatal: 'main' ${wording} '~/work/tasks-app'`,
    '```',
    '',
  ].join('\n');
}

async function findingsFor(readme: string) {
  const copy = copyLab({ readme });
  copies.push(copy);
  const git = await testGit();
  const matrix = await runMatrix({ scenarios: [sameBranchRefused], gits: [git], lab: resolveLabFolder(copy.lab) });
  return { matrix, git };
}

describe('module text drift', () => {
  it('pulls the outputs out of code blocks with their line numbers, skipping commands and prose', () => {
    const shown = extractShownOutputs(moduleText('is already checked out at') + "\nfatal: 'main' is already checked out at ... (prose, not a code block)\n");
    expect(shown).toEqual([
      { line: 7, text: "Preparing worktree (checking out 'main')", kind: 'preparing-worktree' },
      { line: 8, text: "fatal: 'main' is already checked out at '~/work/tasks-app'", kind: 'branch-in-use' },
    ]);
  });

  it('normalises paths, hashes, dates and commit subjects', () => {
    expect(normaliseOutput("fatal: 'main' is already checked out at '/tmp/wtlab-1/work/tasks-app'")).toBe(
      normaliseOutput("fatal: 'main' is already checked out at '~/course/tasks-app'"),
    );
    expect(normaliseOutput('/tmp/a/tasks-app            e5e721c [main]')).toBe(normaliseOutput('~/x/tasks-app a1b2c3d [main]'));
    expect(normaliseOutput('HEAD is now at e5e721c start: module 7')).toBe(normaliseOutput('HEAD is now at 7g8h9i0 Add done command'));
    expect(normaliseOutput("Preparing worktree (new branch 'a')")).not.toBe(normaliseOutput("Preparing worktree (new branch 'b')"));
  });

  it('raises a finding with the line number when the text shows other words than git prints', async () => {
    const { matrix, git } = await findingsFor(moduleText('is already reserved by'));
    expect(matrix.moduleText?.findings).toEqual([
      expect.objectContaining({
        line: 8,
        shown: "fatal: 'main' is already reserved by '~/work/tasks-app'",
        gitVersion: git.version,
        scenario: 'same-branch-refused',
        step: 'a second worktree on main is refused',
        printed: expect.stringMatching(/^fatal: 'main' is already (checked out at|used by worktree at) '\/.*\/tasks-app'$/),
      }),
    ]);
  });

  it('raises none when the text shows what git prints', async () => {
    const git = await testGit();
    const wording = compareVersions(git.version, '2.43') >= 0 ? 'is already used by worktree at' : 'is already checked out at';
    const { matrix } = await findingsFor(moduleText(wording));
    expect(matrix.moduleText?.compared).toBe(2);
    expect(matrix.moduleText?.findings).toEqual([]);
  });
});
