import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defineScenario } from '../../src/scenario/define-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { check, copyStart, git } from '../../src/scenario/steps.js';
import { startWtlab } from '../support/cli.js';
import { testGit, testLab } from '../support/git.js';
import { REPO } from '../../scenarios/support/names.js';

const parents: string[] = [];
function freshParent(): string {
  const parent = mkdtempSync(join(tmpdir(), 'wtlab-parent-'));
  parents.push(parent);
  return parent;
}
afterEach(() => {
  delete process.env.WTLAB_TMPDIR;
  for (const parent of parents.splice(0)) rmSync(parent, { recursive: true, force: true });
});

const passing = defineScenario({ name: 'ok', summary: 'passes', steps: [copyStart(REPO), git('init', REPO, ['init', '-b', 'main'])] });
const failing = defineScenario({ name: 'bad', summary: 'fails', steps: [copyStart(REPO), check('always fails', () => ['on purpose'])] });
const throwing = defineScenario({
  name: 'throws',
  summary: 'a step throws',
  steps: [
    copyStart(REPO),
    check('throws', () => {
      throw new Error('boom');
    }),
  ],
});

describe('sandbox folders', () => {
  it.each([
    ['a passing run', passing, 'pass'],
    ['a failing run', failing, 'fail'],
    ['a run whose step throws', throwing, 'fail'],
  ] as const)('are removed after %s', async (_label, scenario, status) => {
    const parent = freshParent();
    process.env.WTLAB_TMPDIR = parent;
    const { result } = await runScenario(scenario, { git: await testGit(), lab: testLab() });
    expect(result.status).toBe(status);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('are removed when the run is interrupted with Ctrl-C', async () => {
    const parent = freshParent();
    const child = startWtlab(['scenarios', 'lab'], { env: { WTLAB_TMPDIR: parent } });
    const deadline = Date.now() + 30_000;
    while (readdirSync(parent).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readdirSync(parent).length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    const ended = await child;
    expect(ended.exitCode ?? ended.signal, String(ended.stderr)).toBe(130);
    expect(readdirSync(parent)).toEqual([]);
  });
});
