import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseAppDriver, takeAppDriver, warmAppDriver } from '../../src/evidence/app-driver.js';
import { runApp } from '../../src/evidence/run-app.js';
import { runProcess, spawnCountsByProgram } from '../../src/process/run-process.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-app-driver-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const PATH = process.env.PATH ?? '/usr/bin:/bin';

/** A cli.py that prints where and with what it runs. */
const REPORTER = 'import os, sys\nprint(os.getcwd(), os.environ.get("HOME"), os.environ.get("TMPDIR"), sys.argv[1:])\n';

function pythonStarts(): number {
  return spawnCountsByProgram().get('python3') ?? 0;
}

describe('the app driver started ahead of the export', () => {
  it('runs the app in the export made after it started, with the grade\'s own HOME and TMPDIR', async () => {
    warmAppDriver(PATH);
    const before = pythonStarts();
    const scratch = join(root, 'warm');
    const folder = join(scratch, 'export');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'cli.py'), REPORTER);
    const app = await runApp({ folder, scratch, path: PATH });
    expect(pythonStarts()).toBe(before);
    expect(app.ran).toBe(true);
    expect(app.runs[1]?.stdout).toBe(`${folder} ${join(scratch, 'app-home')} ${join(scratch, 'app-tmp')} ['list']\n`);
  });

  it('is used only for the PATH it was started with', async () => {
    warmAppDriver(PATH);
    const other = `${root}/no-such-bin:${PATH}`;
    const driver = takeAppDriver(other);
    expect(driver?.path).toBe(other);
    driver?.release();
    expect(takeAppDriver(`${root}/empty-bin`)).toBeUndefined();
  });

  it('when never used, does not keep node alive (it reads end of input and exits)', async () => {
    const driver = new URL('../../dist/src/evidence/app-driver.js', import.meta.url).href;
    const script = `const { warmAppDriver } = await import(${JSON.stringify(driver)}); warmAppDriver(); console.log('done');`;
    const result = await runProcess([process.execPath, '--input-type=module', '-e', script], { cwd: '/', env: { PATH }, timeoutMs: 20_000 });
    expect([result.exitCode, result.stdout, result.timedOut]).toEqual([0, 'done\n', false]);
    releaseAppDriver();
  });
});
