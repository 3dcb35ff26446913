import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseAppDrivers, runInAppDriver, warmAppDriver } from '../../src/evidence/app-driver.js';
import { runApp } from '../../src/evidence/run-app.js';
import { runProcess, spawnCountsByProgram } from '../../src/process/run-process.js';
import { APP_PLAN } from '../../graders/lab.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-app-driver-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const PATH = process.env.PATH ?? '/usr/bin:/bin';

/** A cli.py that prints where and with what it runs. */
const REPORTER = 'import os, sys\nprint(os.getcwd(), os.environ.get("HOME"), os.environ.get("TMPDIR"), sys.argv[1:])\n';

function pythonStarts(): number {
  return spawnCountsByProgram().get('python3') ?? 0;
}

describe('the app driver: one Python, started ahead, a fork per run', () => {
  it('runs the app in the export made after it started, with the grade\'s own HOME and TMPDIR', async () => {
    warmAppDriver(PATH);
    const before = pythonStarts();
    const scratch = join(root, 'warm');
    const folder = join(scratch, 'export');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'cli.py'), REPORTER);
    const app = await runApp({ plan: APP_PLAN, folder, scratch, path: PATH });
    expect(pythonStarts()).toBe(before);
    expect(app.ran).toBe(true);
    expect(app.runs[1]?.stdout).toBe(`${folder} ${join(scratch, 'app-home')} ${join(scratch, 'app-tmp')} ['list']\n`);
  });

  it('serves many runs from one Python, each in a fork that cannot touch the next', async () => {
    releaseAppDrivers();
    const before = pythonStarts();
    const spoiler = 'import builtins, json, sys\njson.dump = lambda *a, **k: None\nbuiltins.print = lambda *a, **k: None\nsys.path.clear()\n';
    const apps = [];
    for (const [name, source] of [['first', spoiler], ['second', REPORTER], ['third', REPORTER]] as const) {
      const scratch = join(root, name);
      const folder = join(scratch, 'export');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'cli.py'), source);
      apps.push(await runApp({ plan: APP_PLAN, folder, scratch, path: PATH }));
    }
    expect(pythonStarts() - before).toBe(1);
    // The first app broke json.dump, print and sys.path: its own results are lost, the next runs' are not.
    expect(apps.map((app) => app.ran)).toEqual([false, true, true]);
    const outputs = apps.map((app) => app.runs[0]?.stdout ?? '');
    expect(outputs[1]).toBe(`${join(root, 'second', 'export')} ${join(root, 'second', 'app-home')} ${join(root, 'second', 'app-tmp')} []\n`);
    expect(outputs[2]).toContain(join(root, 'third', 'export'));
  });

  it('runs requests that come at the same time in drivers of their own', async () => {
    const requests = ['a', 'b', 'c'].map((name) => {
      const scratch = join(root, `together-${name}`);
      const folder = join(scratch, 'export');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'cli.py'), REPORTER);
      return runApp({ plan: APP_PLAN, folder, scratch, path: PATH });
    });
    const apps = await Promise.all(requests);
    expect(apps.map((app) => app.runs[0]?.stdout.split(' ')[0])).toEqual(['a', 'b', 'c'].map((name) => join(root, `together-${name}`, 'export')));
  });

  it('stops a run that blocks its own alarm at the time allowed for the whole run, and keeps serving', async () => {
    const scratch = join(root, 'stubborn');
    const folder = join(scratch, 'export');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'cli.py'), 'import signal\nsignal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\nwhile True:\n    pass\n');
    const outcome = await runInAppDriver(PATH, { folder, plan: [{ name: 'usage', args: [] }], seconds: 1, cap: 1000, resultFile: join(scratch, 'r.json'), progressFile: join(scratch, 'p.txt'), home: scratch, tmp: scratch }, 1500);
    expect(outcome).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    const after = await runInAppDriver(PATH, { folder: join(root, 'warm', 'export'), plan: [{ name: 'usage', args: [] }], seconds: 5, cap: 1000, resultFile: join(scratch, 'r2.json'), progressFile: join(scratch, 'p2.txt'), home: scratch, tmp: scratch }, 10_000);
    expect(after).toEqual({ exitCode: 0, timedOut: false });
  });

  it('an app that kills its driver fails only its own run; the next one gets a new driver', async () => {
    const killer = join(root, 'killer');
    mkdirSync(join(killer, 'export'), { recursive: true });
    writeFileSync(join(killer, 'export', 'cli.py'), 'import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nwhile True:\n    pass\n');
    const killed = await runApp({ plan: APP_PLAN, folder: join(killer, 'export'), scratch: killer, path: PATH, secondsPerCommand: 1 });
    expect(killed.ran).toBe(false);
    expect(killed.reason).toMatch(/killed by signal SIGKILL|could not be run/);
    const after = join(root, 'after-killer');
    mkdirSync(join(after, 'export'), { recursive: true });
    writeFileSync(join(after, 'export', 'cli.py'), REPORTER);
    const next = await runApp({ plan: APP_PLAN, folder: join(after, 'export'), scratch: after, path: PATH });
    expect(next.ran).toBe(true);
  });

  it('reports that python3 is missing from a PATH without it', async () => {
    expect(await runInAppDriver(join(root, 'empty-bin'), { folder: root, plan: [], seconds: 1, cap: 1, resultFile: join(root, 'x'), progressFile: join(root, 'y'), home: root, tmp: root }, 1000)).toBeUndefined();
  });

  it('when never used, does not keep node alive (it reads end of input and exits)', async () => {
    const driver = new URL('../../dist/src/evidence/app-driver.js', import.meta.url).href;
    const script = `const { warmAppDriver } = await import(${JSON.stringify(driver)}); warmAppDriver(); console.log('done');`;
    const result = await runProcess([process.execPath, '--input-type=module', '-e', script], { cwd: '/', env: { PATH }, timeoutMs: 20_000 });
    expect([result.exitCode, result.stdout, result.timedOut]).toEqual([0, 'done\n', false]);
    releaseAppDrivers();
  });
});
