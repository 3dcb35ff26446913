import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolvePython } from '../../src/process/resolve-python.js';
import { runProcess } from '../../src/process/run-process.js';
import { runAppCommands } from '../../src/scenario/app-commands.js';

const work = mkdtempSync(join(tmpdir(), 'wtlab-app-commands-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** An app that prints what a command can see of how it was started, and leaves a file for the next command. */
const WITNESS = `import atexit, json, os, sys, threading
from helper import VALUE

def later():
    with open("after-exit.txt", "a") as handle:
        handle.write(sys.argv[1] + "\\n")

atexit.register(later)
printed = threading.Event()
# Not a daemon: it prints after the main thread's last line, so only a shutdown that joins it shows its line.
threading.Thread(target=lambda: (printed.wait(), print("thread done", flush=True))).start()
facts = {
    "argv": sys.argv,
    "file": os.path.basename(__file__),
    "cwd": os.getcwd(),
    "path0": sys.path[0],
    "name": __name__,
    "env": {key: os.environ.get(key) for key in ("HOME", "WTLAB_MARK", "GIT_AUTHOR_DATE", "PYTHONDONTWRITEBYTECODE")},
    "stdin": sys.stdin.read(),
    "encoding": sys.stdout.encoding,
    "dont_write_bytecode": sys.dont_write_bytecode,
    "value": VALUE,
    "seen_before": os.path.exists("after-exit.txt") and open("after-exit.txt").read(),
}
print(json.dumps(facts, sort_keys=True), flush=True)
printed.set()
if sys.argv[1] == "fail":
    raise SystemExit("no such thing")
if sys.argv[1] == "crash":
    raise KeyError("boom")
sys.exit(3 if sys.argv[1] == "three" else 0)
`;

function appFolder(name: string): string {
  const folder = join(work, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'cli.py'), WITNESS);
  writeFileSync(join(folder, 'helper.py'), 'VALUE = 42\n');
  return folder;
}

const COMMANDS = [['first'], ['three'], ['fail'], ['crash'], ['last']];

function envFor(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LC_ALL: 'C', LANG: 'C', TZ: 'UTC', WTLAB_MARK: 'marked', ...extra };
}

/** The same commands, each as `python3 cli.py ARGS` in a process of its own, stdin empty. */
async function oneByOne(folder: string, env: Record<string, string>) {
  const python = await resolvePython(env.PATH ?? '');
  const runs = [];
  for (const args of COMMANDS) runs.push(await runProcess([python, 'cli.py', ...args], { cwd: folder, env, input: '' }));
  return runs;
}

const shape = (run: { exitCode: number; stdout: string; stderr: string }) => [run.exitCode, run.stdout, run.stderr];

describe('runAppCommands', () => {
  it('gives each command what python3 cli.py ARGS gives: argv, __file__, folder, environment, empty stdin, exit codes, the whole traceback, threads joined, atexit run', async () => {
    const env = envFor(work, { GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', PYTHONDONTWRITEBYTECODE: '1' });
    const forked = await runAppCommands({ folder: appFolder('forked'), commands: COMMANDS, env });
    const started = await oneByOne(appFolder('started'), env);
    const same = (text: string) => text.split(join(work, 'forked')).join(join(work, 'started'));
    expect(forked.map((run) => shape({ ...run, stdout: same(run.stdout), stderr: same(run.stderr) }))).toEqual(started.map(shape));
    expect(forked.map((run) => run.exitCode)).toEqual([0, 3, 1, 1, 0]);
    expect(forked[2]?.stderr).toBe('no such thing\n');
    expect(forked[3]?.stderr).toMatch(/KeyError: 'boom'\n$/);
    // The atexit function of every command ran before the next one started; the thread's line is there too.
    expect(JSON.parse(forked[4]?.stdout.split('\n').find((line) => line.startsWith('{')) ?? '{}')).toMatchObject({
      seen_before: 'first\nthree\nfail\ncrash\n',
      stdin: '',
    });
    expect(forked.every((run) => run.stdout.endsWith('}\nthread done\n'))).toBe(true);
  });

  it('keeps one interpreter for requests whose start-up environment is the same, and starts another where it differs', async () => {
    const folder = appFolder('servers');
    const ppid = async (env: Record<string, string>) => {
      const [run] = await runAppCommands({ folder, commands: [['ppid']], env });
      return run?.stdout;
    };
    writeFileSync(join(folder, 'cli.py'), 'import os\nprint(os.getppid())\n');
    const first = await ppid(envFor(work, { GIT_AUTHOR_DATE: '1' }));
    // Another date (read by git, not by Python at start-up): the same server.
    expect(await ppid(envFor(work, { GIT_AUTHOR_DATE: '2' }))).toBe(first);
    // Another HOME without a user site folder (a scenario run's sandbox): the same server.
    mkdirSync(join(work, 'elsewhere'), { recursive: true });
    expect(await ppid(envFor(join(work, 'elsewhere')))).toBe(first);
    // A HOME with a user site folder (put on sys.path at start-up) or another PYTHON* variable: a server started with it.
    mkdirSync(join(work, 'with-user-site', '.local', 'lib'), { recursive: true });
    expect(await ppid(envFor(join(work, 'with-user-site')))).not.toBe(first);
    expect(await ppid(envFor(work, { PYTHONDONTWRITEBYTECODE: '1' }))).not.toBe(first);
  });

  it('keeps the idle servers of one start-up environment while a burst of requests with another comes and goes', async () => {
    const folder = appFolder('burst');
    writeFileSync(join(folder, 'cli.py'), 'import os\nprint(os.getppid())\n');
    const ppid = async (env: Record<string, string>) => (await runAppCommands({ folder, commands: [['ppid']], env }))[0]?.stdout;
    const kept = await ppid(envFor(work));
    // Four at once with another PYTHON* variable: four servers of that environment, all idle afterwards.
    await Promise.all([1, 2, 3, 4].map(() => ppid(envFor(work, { PYTHONDONTWRITEBYTECODE: '1' }))));
    expect(await ppid(envFor(work))).toBe(kept);
  });

  it("a server shared by two HOMEs gives each command its own HOME's user site, as python3 cli.py started there does", async () => {
    const folder = appFolder('user-site');
    writeFileSync(
      join(folder, 'cli.py'),
      'import os, site, sys\nprint(os.environ["HOME"], site.USER_BASE, site.USER_SITE, site.ENABLE_USER_SITE, site.USER_SITE in sys.path)\n',
    );
    const python = await resolvePython(process.env.PATH ?? '');
    for (const home of [join(work, 'home-one'), join(work, 'home-two')]) {
      mkdirSync(home, { recursive: true });
      const [forked] = await runAppCommands({ folder, commands: [[]], env: envFor(home) });
      const started = await runProcess([python, 'cli.py'], { cwd: folder, env: envFor(home), input: '' });
      expect(forked && shape(forked)).toEqual(shape(started));
      expect(forked?.stdout).toContain(`${home}/.local`);
    }
  });

  it("writes the app's bytecode exactly when python3 cli.py would (PYTHONDONTWRITEBYTECODE)", async () => {
    const writes = appFolder('writes-bytecode');
    const keeps = appFolder('no-bytecode');
    await runAppCommands({ folder: writes, commands: [['first']], env: envFor(work) });
    await runAppCommands({ folder: keeps, commands: [['first']], env: envFor(work, { PYTHONDONTWRITEBYTECODE: '1' }) });
    expect(existsSync(join(writes, '__pycache__'))).toBe(true);
    expect(existsSync(join(keeps, '__pycache__'))).toBe(false);
  });

  it('stops a command at its time limit and goes on with the next one', async () => {
    const folder = appFolder('slow');
    writeFileSync(join(folder, 'cli.py'), 'import sys, time\nif sys.argv[1] == "slow":\n    time.sleep(30)\nprint("done", sys.argv[1])\n');
    const [slow, quick] = await runAppCommands({ folder, commands: [['slow'], ['quick']], env: envFor(work), secondsPerCommand: 1 });
    expect(slow).toMatchObject({ timedOut: true, exitCode: 128 + 14, stdout: '' });
    expect(quick).toMatchObject({ timedOut: false, exitCode: 0, stdout: 'done quick\n' });
  });

  it('fails the request with one line when an app kills the server, and the next request gets a new one', async () => {
    const folder = appFolder('killer');
    writeFileSync(
      join(folder, 'cli.py'),
      'import os, signal, sys\nif sys.argv[1] == "kill":\n    os.kill(os.getppid(), signal.SIGKILL)\nprint(os.getppid())\n',
    );
    const env = envFor(work, { WTLAB_MARK: 'killer' });
    const [before] = await runAppCommands({ folder, commands: [['show']], env });
    await expect(runAppCommands({ folder, commands: [['kill']], env })).rejects.toThrow(/^the app's command server ended \(exit \d+, SIGKILL\) in .*killer: $/);
    const [after] = await runAppCommands({ folder, commands: [['show']], env });
    expect(after?.exitCode).toBe(0);
    expect(after?.stdout).not.toBe(before?.stdout);
  });
});

describe('the app-command server and signals', () => {
  it('takes the running command along when it is stopped with SIGTERM (its parent ended mid-request)', async () => {
    const folder = appFolder('stopped');
    writeFileSync(
      join(folder, 'cli.py'),
      'import os, time\nopen("pids", "w").write(f"{os.getppid()} {os.getpid()}")\ntime.sleep(60)\nopen("late.txt", "w").write("still ran")\n',
    );
    const request = runAppCommands({ folder, commands: [['slow']], env: envFor(work, { WTLAB_MARK: 'stopped' }) });
    const pids = join(folder, 'pids');
    while (!existsSync(pids) || readFileSync(pids, 'utf8') === '') await new Promise((resolve) => setTimeout(resolve, 20));
    const [server, command] = readFileSync(pids, 'utf8').split(' ').map(Number);
    process.kill(server ?? 0, 'SIGTERM');
    await expect(request).rejects.toThrow(/^the app's command server ended \(exit 143\)/);
    // The command is gone (a zombie reaped by init at most), long before its sleep would end.
    const alive = () => existsSync(`/proc/${command}`) && !/^State:\s+Z/m.test(readFileSync(`/proc/${command}/status`, 'utf8'));
    for (let tries = 0; tries < 100 && alive(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive()).toBe(false);
    expect(existsSync(join(folder, 'late.txt'))).toBe(false);
  });
});
