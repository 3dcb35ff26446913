import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { releaseAppDrivers, runInAppDriver, warmAppDriver } from '../../src/evidence/app-driver.js';
import { runApp } from '../../src/evidence/run-app.js';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { runProcess, spawnCountsByProgram } from '../../src/process/run-process.js';
import { processesWith } from '../support/processes.js';
import { appScript } from '../../graders/lab.js';

/** The lab's script as it runs when the start's usage names no extra command. */
const APP_PLAN = appScript({ ran: false, runs: [] });

const root = mkdtempSync(join(tmpdir(), 'wtlab-app-driver-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const PATH = process.env.PATH ?? '/usr/bin:/bin';

/** A cli.py that prints where and with what it runs. */
const REPORTER = 'import os, sys\nprint(os.getcwd(), os.environ.get("HOME"), os.environ.get("TMPDIR"), sys.argv[1:])\n';

function pythonStarts(): number {
  return spawnCountsByProgram().get('python3') ?? 0;
}

describe('the app driver: one Python, started ahead, a fork per run', () => {
  it("runs the app in the export made after it started, with the grade's own HOME and TMPDIR", async () => {
    warmAppDriver(PATH);
    const before = pythonStarts();
    const scratch = join(root, 'warm');
    const folder = join(scratch, 'export');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'cli.py'), REPORTER);
    const outcome = await runInAppDriver(
      PATH,
      {
        folder,
        plan: [
          { name: 'usage', args: [] },
          { name: 'list', args: ['list'] },
        ],
        seconds: 5,
        cap: 1000,
        scratch,
      },
      20_000,
    );
    expect(pythonStarts()).toBe(before);
    const runs = JSON.parse(outcome?.results ?? '[]') as { stdout: string }[];
    const { folder: ranIn, home, tmp } = outcome?.ranIn ?? { folder: '', home: '', tmp: '' };
    expect(runs[1]?.stdout).toBe(`${ranIn} ${home} ${tmp} ['list']\n`);
    // Under a sandbox (either tool) the export moved into the sandbox's workspace, beside its own HOME and TMPDIR.
    if ((outcome?.sandbox.tool ?? 'none') !== 'none') expect([dirname(home), dirname(tmp)]).toEqual([dirname(ranIn), dirname(ranIn)]);
    else expect([ranIn, home, tmp]).toEqual([folder, join(scratch, 'app-home'), join(scratch, 'app-tmp')]);
  });

  it('serves many runs from one Python, each in a fork that cannot touch the next', async () => {
    releaseAppDrivers();
    const before = pythonStarts();
    const spoiler = 'import builtins, json, sys\njson.dump = lambda *a, **k: None\nbuiltins.print = lambda *a, **k: None\nsys.path.clear()\n';
    const apps = [];
    for (const [name, source] of [
      ['first', spoiler],
      ['second', REPORTER],
      ['third', REPORTER],
    ] as const) {
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
    expect(outputs[1]).toMatch(/\/export \S+\/(app-)?home \S+\/(app-)?tmp \[\]\n$/);
    expect(outputs[2]).not.toBe(outputs[1]);
  });

  it('a driver started by a process that exits at once (wtlab grade refusing its input) leaves nothing behind', async () => {
    // A signal while bubblewrap was still making the sandbox used to leave its half-made child waiting forever (1 run in
    // 30; test/process/line-session.test.ts checks that an idle session gets none).
    const module = new URL('../../dist/src/evidence/app-driver.js', import.meta.url).href;
    const script = `const { warmAppDriver } = await import(${JSON.stringify(module)}); warmAppDriver(process.env.PATH); process.exit(2);`;
    const own = join(root, 'exits-at-once');
    mkdirSync(own);
    for (let run = 0; run < 3; run += 1) {
      const exited = await runProcess([process.execPath, '--input-type=module', '-e', script], { cwd: '/', env: { PATH, TMPDIR: own }, timeoutMs: 20_000 });
      expect(exited.exitCode).toBe(2);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(processesWith(own)).toEqual([]);
  });

  const endings = [
    ['exits', 'process.exit(2)', '2'],
    ['is killed', "process.kill(process.pid, 'SIGKILL')", 'SIGKILL'],
  ] as const;
  it.each((['bubblewrap', 'unshare', 'none'] as const).flatMap((tool) => endings.map(([ending, code, end]) => ({ tool, ending, code, end }))))(
    'a driver busy with a run ends with the process that started it ($tool, $ending)',
    async ({ tool, code, end }) => {
      // The app sleeps for a minute as a program named after `own`: the driver must end when node exits, not when the
      // run's timeout comes. A folder open to the sandbox's user, whose name is in every command line the run starts
      // (TMPDIR, and python3 on PATH); node ends once the app is seen running.
      const own = mkdtempSync(join(tmpdir(), 'wtlab-busy-at-exit-'));
      chmodSync(own, 0o755);
      const bin = join(own, 'bin');
      mkdirSync(bin);
      for (const name of ['quick', 'sleep']) mkdirSync(join(own, name, 'export'), { recursive: true });
      writeFileSync(join(own, 'quick', 'export', 'cli.py'), 'print("ran")\n');
      const app = `${own}/sleeping-app`;
      writeFileSync(
        join(own, 'sleep', 'export', 'cli.py'),
        `import os, sys\nos.execv(sys.executable, [sys.executable, "-c", "import time; time.sleep(60)", "${app}"])\n`,
      );
      try {
        for (const name of tool === 'unshare' ? ['python3', 'unshare'] : ['python3']) {
          const found = locateExecutable(name, name === 'python3' ? '/usr/bin:/bin' : PATH);
          if (found === undefined) return;
          symlinkSync(found, join(bin, name));
        }
        if (tool === 'bubblewrap' && locateExecutable('bwrap', PATH) === undefined) return;
        const path = tool === 'unshare' ? bin : `${bin}:${PATH}`;
        const module = new URL('../../dist/src/evidence/run-app.js', import.meta.url).href;
        const run = (name: string, seconds: number) =>
          JSON.stringify({ plan: [{ name, args: [] }], folder: join(own, name, 'export'), scratch: join(own, name), path, secondsPerCommand: seconds });
        const script = `const { runApp } = await import(${JSON.stringify(module)}); const quick = await runApp(${run('quick', 10)}); console.log(quick.sandbox?.tool ?? 'none'); runApp(${run('sleep', 60)}); const { readdirSync, readFileSync } = await import('node:fs'); const running = () => readdirSync('/proc').some((pid) => { try { return readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes(${JSON.stringify(app)}); } catch { return false; } }); const wait = setInterval(() => { if (running()) { clearInterval(wait); ${code}; } }, 20);`;
        const env = { PATH: path, TMPDIR: own, WTLAB_SANDBOX: tool === 'none' ? 'none' : 'auto' };
        const exited = await runProcess([process.execPath, '--input-type=module', '-e', script], { cwd: '/', env, timeoutMs: 30_000 });
        expect([exited.signal ?? String(exited.exitCode), exited.stdout]).toEqual([end, `${tool}\n`]);
        for (let waited = 0; waited < 5000 && processesWith(own).length > 0; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
        const left = processesWith(own);
        for (const pid of left) process.kill(pid, 'SIGKILL');
        expect(left).toEqual([]);
      } finally {
        rmSync(own, { recursive: true, force: true });
      }
    },
  );

  it('runs requests that come at the same time in drivers of their own', async () => {
    const requests = ['a', 'b', 'c'].map((name) => {
      const scratch = join(root, `together-${name}`);
      const folder = join(scratch, 'export');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'cli.py'), REPORTER);
      return runApp({ plan: APP_PLAN, folder, scratch, path: PATH });
    });
    const apps = await Promise.all(requests);
    const folders = apps.map((app) => app.runs[0]?.stdout.split(' ')[0]);
    expect(new Set(folders).size).toBe(3);
    for (const folder of folders) expect(folder).toMatch(/\/export$/);
  });

  it('stops a run that blocks its own alarm at the time allowed for the whole run, and keeps serving', async () => {
    const scratch = join(root, 'stubborn');
    const folder = join(scratch, 'export');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'cli.py'), 'import signal\nsignal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\nwhile True:\n    pass\n');
    const outcome = await runInAppDriver(PATH, { folder, plan: [{ name: 'usage', args: [] }], seconds: 1, cap: 1000, scratch }, 1500);
    expect(outcome).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    const warm = join(root, 'warm-again', 'export');
    mkdirSync(warm, { recursive: true });
    writeFileSync(join(warm, 'cli.py'), REPORTER);
    const after = await runInAppDriver(
      PATH,
      { folder: warm, plan: [{ name: 'usage', args: [] }], seconds: 5, cap: 1000, scratch: join(root, 'warm-again') },
      10_000,
    );
    expect(after).toMatchObject({ exitCode: 0, timedOut: false });
  });

  it('an app that kills its driver fails only its own run (in a sandbox it cannot); the next one runs', async () => {
    const killer = join(root, 'killer');
    mkdirSync(join(killer, 'export'), { recursive: true });
    writeFileSync(
      join(killer, 'export', 'cli.py'),
      'import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\nos.kill(os.getppid(), signal.SIGSTOP)\nprint("still here")\n',
    );
    const before = pythonStarts();
    const killed = await runApp({ plan: APP_PLAN, folder: join(killer, 'export'), scratch: killer, path: PATH, secondsPerCommand: 1 });
    if ((killed.sandbox?.tool ?? 'none') !== 'none') {
      // PID 1 of its namespace: the kernel drops both signals, the run goes on and the driver stays.
      expect(killed.ran).toBe(true);
      expect(killed.runs[0]?.stdout).toBe('still here\n');
    } else {
      expect(killed.ran).toBe(false);
      expect(killed.reason).toMatch(/killed by signal SIGKILL|could not be run/);
    }
    const after = join(root, 'after-killer');
    mkdirSync(join(after, 'export'), { recursive: true });
    writeFileSync(join(after, 'export', 'cli.py'), REPORTER);
    const next = await runApp({ plan: APP_PLAN, folder: join(after, 'export'), scratch: after, path: PATH });
    expect(next.ran).toBe(true);
    if ((killed.sandbox?.tool ?? 'none') !== 'none') expect(pythonStarts()).toBe(before);
  });

  it("without a sandbox, a run that kills its driver fails alone, and its fork and the fork's children are killed too", async () => {
    const marker = `wtlab-orphan-${process.pid}-${Date.now()}`;
    const scratch = join(root, 'orphan');
    mkdirSync(join(scratch, 'export'), { recursive: true });
    writeFileSync(
      join(scratch, 'export', 'cli.py'),
      `import os, signal, subprocess, sys, time\nsubprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "${marker}"])\nos.kill(os.getppid(), signal.SIGKILL)\ntime.sleep(60)\n`,
    );
    process.env.WTLAB_SANDBOX = 'none';
    try {
      const app = await runApp({ plan: APP_PLAN, folder: join(scratch, 'export'), scratch, path: PATH, secondsPerCommand: 5 });
      expect(app.sandbox).toEqual({ tool: 'none', reason: 'WTLAB_SANDBOX=none' });
      expect(app.reason).toMatch(/killed by signal SIGKILL/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(processesWith(marker)).toEqual([]);
    } finally {
      delete process.env.WTLAB_SANDBOX;
      releaseAppDrivers();
    }
  });

  it("in a sandbox, what a run leaves in the workspace is gone before the next run (another submission's) starts", async () => {
    const leaver =
      'import os\nworkspace = os.path.dirname(os.path.dirname(os.getcwd()))\nopen(os.path.join(workspace, "left-behind"), "w").write("x")\nos.mkdir(os.path.join(workspace, "run-planted"))\nprint(sorted(os.listdir(workspace)))\n';
    const looker =
      'import os\nprint(sorted(name for name in os.listdir(os.path.dirname(os.path.dirname(os.getcwd()))) if not name.startswith("run-") or name == "run-planted"))\n';
    const outputs: string[] = [];
    for (const [name, source] of [
      ['leaver', leaver],
      ['looker', looker],
    ] as const) {
      const scratch = join(root, name);
      mkdirSync(join(scratch, 'export'), { recursive: true });
      writeFileSync(join(scratch, 'export', 'cli.py'), source);
      const app = await runApp({ plan: APP_PLAN, folder: join(scratch, 'export'), scratch, path: PATH });
      if (app.sandbox?.tool === 'none') return;
      outputs.push(app.runs[0]?.stdout ?? '');
    }
    expect(outputs[0]).toMatch(/'left-behind'/);
    expect(outputs[1]).toMatch(/^\[(?:'\.root')?\]\n$/);
  });

  it('reports that python3 is missing from a PATH without it', async () => {
    expect(await runInAppDriver(join(root, 'empty-bin'), { folder: root, plan: [], seconds: 1, cap: 1, scratch: root }, 1000)).toBeUndefined();
  });

  it('when never used, does not keep node alive (it reads end of input and exits)', async () => {
    const driver = new URL('../../dist/src/evidence/app-driver.js', import.meta.url).href;
    const script = `const { warmAppDriver } = await import(${JSON.stringify(driver)}); warmAppDriver(); console.log('done');`;
    const result = await runProcess([process.execPath, '--input-type=module', '-e', script], { cwd: '/', env: { PATH }, timeoutMs: 20_000 });
    expect([result.exitCode, result.stdout, result.timedOut]).toEqual([0, 'done\n', false]);
    releaseAppDrivers();
  });
});
