import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runInAppDriver } from '../../src/evidence/app-driver.js';
import { SELF_EDITING_PLAN, asPythonPrintsIt, runOneByOne, writeSelfEditingApp, type AppRun } from '../support/self-editing-app.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-app-driver-source-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const PATH = process.env.PATH ?? '/usr/bin:/bin';

/** Runs a plan of the self-editing app in one driver fork; the runs and the folder the app ran in. */
async function drive(name: string, plan: readonly (readonly string[])[]): Promise<{ runs: AppRun[]; ranIn: string }> {
  const scratch = join(root, name);
  const folder = join(scratch, 'export');
  writeSelfEditingApp(folder);
  const steps = plan.map((args, index) => ({ name: `step-${index}`, args }));
  const outcome = await runInAppDriver(PATH, { folder, plan: steps, seconds: 10, cap: 100_000, scratch }, 120_000);
  expect(outcome?.exitCode, outcome?.progress).toBe(0);
  return { runs: JSON.parse(outcome?.results ?? '[]') as AppRun[], ranIn: outcome?.ranIn.folder ?? folder };
}

describe("the app driver's fork, which reuses compiled code between the commands of a plan", () => {
  it('gives every command of a self-editing app what python3 cli.py ARGS gives: edits seen, SyntaxErrors and warnings printed alike', async () => {
    const reference = join(root, 'reference');
    writeSelfEditingApp(reference);
    const [expected, { runs, ranIn }] = await Promise.all([runOneByOne(reference, SELF_EDITING_PLAN), drive('driven', SELF_EDITING_PLAN)]);
    const shape = (run: AppRun, folder: string) => [run.exitCode, run.stdout, asPythonPrintsIt(run.stderr, folder, reference)];
    expect(runs.map((run) => shape(run, ranIn))).toEqual(expected.map((run) => shape(run, reference)));
    // What the plan is built to show, so that a wrong reference cannot pass it.
    const outputs = runs.map((run) => run.stdout.trim());
    expect([outputs[0], outputs[3], outputs[8], outputs[10], outputs[11]]).toEqual(['before', 'after!', 'before', 'warned', 'warned']);
    expect([runs[5]?.exitCode, runs[6]?.exitCode, runs[19]?.exitCode]).toEqual([1, 1, 1]);
    for (const broken of [runs[5], runs[6], runs[19]]) expect(broken?.stderr).toMatch(/\nSyntaxError: '\(' was never closed\n$/);
    expect(runs[5]?.stderr).toContain(`${ranIn}/tasks.py", line 1\n`);
    expect(runs[19]?.stderr).toContain(`${ranIn}/cli.py", line 1\n`);
    for (const warned of [runs[10], runs[11]]) expect(warned?.stderr).toMatch(/tasks\.py:1: SyntaxWarning: "is" with a literal/);
    // A mutable default, and a function's code swapped by the app, are the command's own: the next one starts afresh.
    expect([outputs[12], outputs[13], outputs[14], outputs[15]]).toEqual(["['a']", "['b']", "['tampered']", "['c']"]);
    expect(outputs[16]).toBe(outputs[17]);
    expect(outputs[16]?.split('\n')).toEqual(['True <built-in function compile> True', 'Module', 'False True helpers.py', "{'x': 'nowhere'}"]);
  });

  it('compiles cli.py and each module once per plan while their bytes stay the same, and again once they change', async () => {
    const { runs } = await drive('identity', [['identity'], ['identity'], ['edit'], ['identity'], ['edit-helpers'], ['identity']]);
    expect(runs.map((run) => run.stdout)).toEqual(['1 True True\n', '2 True True\n', '', '3 True True\n', '', '4 True False\n']);
    const changed = await drive('identity-changed', [['identity'], ['remember', 'x'], ['identity']]);
    expect(changed.runs.map((run) => run.stdout)).toEqual(['1 True True\n', "['x']\n", '2 True True\n']);
  });
});
