import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import claims from '../../scenarios/claims.js';
import { resolveLabFolder } from '../../src/lab/lab-folder.js';
import { fixturesDir } from '../../src/paths/package-root.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { copyLab, DISCARDING_CLEANUP, type LabCopy } from '../support/lab-copy.js';
import { testGit, testLab } from '../support/git.js';

const copies: LabCopy[] = [];
afterEach(() => {
  for (const copy of copies.splice(0)) copy.remove();
});

const ourText = readFileSync(join(fixturesDir(), 'README.md'), 'utf8');

const destructiveCleanup = DISCARDING_CLEANUP;

async function claimsOn(lab: ReturnType<typeof testLab>) {
  const { result } = await runScenario(claims, { git: await testGit(), lab });
  return { result, findings: result.steps.flatMap((step) => step.drift) };
}

describe("the lab's own claims", () => {
  it('hold for our lab, except that an ignored tasks.json is deleted by git worktree remove', async () => {
    const { result, findings } = await claimsOn(testLab());
    expect(result.steps.filter((step) => step.status === 'fail').map((step) => step.failures.join('; '))).toEqual([]);
    expect(findings.map((finding) => finding.actual)).toEqual([expect.stringMatching(/^it removed tasks-app-wipe with its ignored tasks\.json/)]);
  });

  it('flag a module text that asks for an older git than the commands need, naming the line', async () => {
    const copy = copyLab({ readme: ourText.replace('You need git 2.28 or newer', 'You need Git 2.5 or newer') });
    copies.push(copy);
    const { findings } = await claimsOn(resolveLabFolder(copy.lab));
    const line = ourText.split('\n').findIndex((text) => text.includes('You need git 2.28 or newer')) + 1;
    expect(findings).toContainEqual(
      expect.objectContaining({
        kind: 'claim',
        actual: `the module text (line ${line}) asks for git 2.5 or newer`,
        expected: expect.stringContaining('git init -b first appeared in 2.28'),
      }),
    );
  });

  it('report a cleanup script that throws uncommitted work away silently, naming the script line, and carry on', async () => {
    const copy = copyLab({ readme: ourText, files: { 'cleanup-worktrees.sh': destructiveCleanup } });
    copies.push(copy);
    const { result, findings } = await claimsOn(resolveLabFolder(copy.lab));
    expect(result.steps.filter((step) => step.status === 'fail').map((step) => `${step.name}: ${step.failures.join('; ')}`)).toEqual([]);
    const line = destructiveCleanup.split('\n').findIndex((text) => text.includes('worktree remove --force')) + 1;
    const step = result.steps.find((candidate) => candidate.id === 'cleanup-keeps-work');
    expect(step?.status).toBe('drift');
    expect(step?.drift[0]).toMatchObject({
      kind: 'claim',
      actual: expect.stringMatching(
        new RegExp(`without a word \\(exit 0, the folder never named\\): cleanup-worktrees.sh line ${line}: git -C "\\$main" worktree remove --force`),
      ),
    });
    // Every later claim is still reached.
    expect(result.steps.at(-1)).toMatchObject({ id: 'cleanup-outside-claim', status: expect.stringMatching(/^(pass|drift)$/) });
    expect(findings.length).toBeGreaterThanOrEqual(2);
  });
});
