import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { runProcess, type RunProcessOptions } from '../../src/process/run-process.js';
import { SERVER_FROM_RSS, SERVER_GRACE_MS, stopSpawnServer, useServer } from '../../src/process/spawn-through-server.js';

/** This process's children that run the spawn server (/proc: its Python source is on its command line). */
function serverPids(): number[] {
  return readdirSync(`/proc/${process.pid}/task`)
    .flatMap((task) => readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes("wtlab's spawn server");
      } catch {
        return false;
      }
    });
}

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

/** The same run started here and through the spawn server, without the timing fields. */
async function bothWays(command: readonly string[], options: Omit<RunProcessOptions, 'via'>) {
  const [direct, served] = await Promise.all([runProcess(command, { ...options, via: 'direct' }), runProcess(command, { ...options, via: 'server' })]);
  const untimed = ({ startedAt: _started, endedAt: _ended, ...rest }: typeof direct) => rest;
  return { direct: untimed(direct), served: untimed(served) };
}

describe('runProcess through the spawn server', () => {
  it('gives the same exact output (every byte, latin1), exit code and standard input as a direct start', async () => {
    const script = 'cat; printf "\\377\\000é\\n"; printf "err\\n" >&2; exit 3';
    const { direct, served } = await bothWays(['sh', '-c', script], { cwd: '/', env, input: Buffer.from('in\n'), stdoutEncoding: 'latin1' });
    expect(served).toEqual(direct);
    expect([served.exitCode, served.stdout, served.stderr]).toEqual([3, 'in\n\xff\x00Ã©\n', 'err\n']);
  });

  it('gives the same timeout, missing program, cut output and environment (nothing inherited) as a direct start', async () => {
    const cases: [readonly string[], Omit<RunProcessOptions, 'via'>][] = [
      [['sh', '-c', 'sleep 30 & sleep 30'], { cwd: '/', env, timeoutMs: 200 }],
      [['wtlab-no-such-program'], { cwd: '/', env }],
      [['sh', '-c', 'head -c 100000 /dev/zero | tr "\\0" x'], { cwd: '/tmp', env, maxBuffer: 1000 }],
      [['sh', '-c', 'env | sort; pwd'], { cwd: '/tmp', env: { ...env, ONLY_THIS: 'yes' } }],
    ];
    for (const [command, options] of cases) {
      const { direct, served } = await bothWays(command, options);
      expect(served, command.join(' ')).toEqual(direct);
    }
    const missing = await runProcess(['wtlab-no-such-program'], { cwd: '/', env, via: 'server' });
    expect([missing.exitCode, missing.stderr]).toEqual([127, expect.stringMatching(/ENOENT/)]);
  });

  it('rejects as a direct start does, with the same error class, message and code, when spawn refuses an argument (a NUL byte)', async () => {
    const command = ['sh', '-c', 'echo a\0b'];
    const refused = async (via: 'direct' | 'server') => {
      const error: unknown = await runProcess(command, { cwd: '/', env, via }).catch((thrown: unknown) => thrown);
      return error instanceof Error ? { type: error.constructor.name, message: error.message, code: (error as { code?: unknown }).code } : error;
    };
    const direct = await refused('direct');
    expect(direct).toEqual({ type: 'TypeError', message: expect.stringMatching(/null bytes/), code: 'ERR_INVALID_ARG_VALUE' });
    expect(await refused('server')).toEqual(direct);
    expect((await runProcess(['echo', 'still served'], { cwd: '/', env, via: 'server' })).stdout).toBe('still served\n');
  });

  it('reads a relative cwd from where this process is now, as a direct start does, after a chdir', async () => {
    const before = process.cwd();
    await runProcess(['true'], { cwd: '/', env, via: 'server' });
    process.chdir(tmpdir());
    try {
      const { direct, served } = await bothWays(['sh', '-c', 'pwd'], { cwd: '.', env });
      expect(served).toEqual(direct);
      expect(served.stdout).toBe(`${realpathSync(tmpdir())}\n`);
    } finally {
      process.chdir(before);
    }
  });

  it("gives a direct start's result for a relative cwd while this process's own folder is deleted", async () => {
    const before = process.cwd();
    const gone = mkdtempSync(join(tmpdir(), 'wtlab-cwd-gone-'));
    await runProcess(['true'], { cwd: '/', env, via: 'server' });
    process.chdir(gone);
    rmSync(gone, { recursive: true, force: true });
    try {
      const { direct, served } = await bothWays(['sh', '-c', 'pwd'], { cwd: 'sub', env });
      expect(served).toEqual(direct);
      expect([served.exitCode, served.stderr]).toEqual([127, expect.stringMatching(/ENOENT/)]);
      expect((await runProcess(['echo', 'still served'], { cwd: '/', env, via: 'server' })).stdout).toBe('still served\n');
    } finally {
      process.chdir(before);
    }
  });

  it('starts the server isolated from PYTHON* variables (a PYTHONPATH whose json.py would run instead of the standard one)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wtlab-pythonpath-'));
    writeFileSync(join(folder, 'json.py'), `open(${JSON.stringify(join(folder, 'loaded'))}, "w").write("yes")\n`);
    const before = process.env.PYTHONPATH;
    stopSpawnServer();
    process.env.PYTHONPATH = folder;
    try {
      const run = await runProcess(['echo', 'served'], { cwd: '/', env, via: 'server' });
      expect([run.exitCode, run.stdout, existsSync(join(folder, 'loaded'))]).toEqual([0, 'served\n', false]);
      expect(serverPids()).not.toEqual([]);
    } finally {
      if (before === undefined) delete process.env.PYTHONPATH;
      else process.env.PYTHONPATH = before;
      stopSpawnServer();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('gives the same result as a direct start for a script without #!, a file it may not run, a missing folder, a big input and a program that closes its output and outlives its timeout', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wtlab-spawn-cases-'));
    try {
      const script = join(folder, 'no-shebang');
      writeFileSync(script, 'echo "run by sh: $0 $1"\n', { mode: 0o755 });
      const notExecutable = join(folder, 'not-executable');
      writeFileSync(notExecutable, '#!/bin/sh\necho never\n', { mode: 0o644 });
      const big = Buffer.alloc(1024 * 1024 + 7, 'x');
      const cases: [readonly string[], Omit<RunProcessOptions, 'via'>][] = [
        [[script, 'arg'], { cwd: '/', env }],
        [[notExecutable], { cwd: '/', env }],
        [['sh', '-c', 'pwd'], { cwd: join(folder, 'missing'), env }],
        [['wc', '-c'], { cwd: '/', env, input: big }],
        [['sh', '-c', 'head -c 10 >/dev/null; echo read'], { cwd: '/', env, input: big }],
        [['sh', '-c', 'echo before; exec >&- 2>&-; sleep 30'], { cwd: '/', env, timeoutMs: 300 }],
      ];
      for (const [command, options] of cases) {
        const { direct, served } = await bothWays(command, options);
        expect(served, command.join(' ')).toEqual(direct);
      }
      const [byShell, refused, missing, counted, , outlived] = await Promise.all(
        cases.map(([command, options]) => runProcess(command, { ...options, via: 'server' })),
      );
      expect(byShell?.stdout).toBe(`run by sh: ${script} arg\n`);
      expect([refused?.exitCode, refused?.stderr]).toEqual([127, `Command failed: spawn ${notExecutable} EACCES\n`]);
      expect([missing?.exitCode, missing?.stderr]).toEqual([127, 'Command failed: spawn sh ENOENT\n']);
      expect(counted?.stdout.trim()).toBe(String(big.length));
      expect(outlived).toMatchObject({ exitCode: 128, signal: 'SIGTERM', timedOut: true, stdout: 'before\n' });
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('starts the server from /, so no folder this process is in picks its interpreter (a shim reading .python-version)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wtlab-server-cwd-'));
    const bin = join(folder, 'bin');
    const learner = join(folder, 'learner');
    mkdirSync(bin);
    mkdirSync(learner);
    writeFileSync(join(learner, '.python-version'), 'no-such-version\n');
    const real = locateExecutable('python3');
    if (real === undefined) throw new Error('no python3 on PATH');
    // A shim as a version manager's: it writes down the folder it was started in, then runs the real interpreter.
    writeFileSync(join(bin, 'python3'), `#!/bin/sh\npwd > ${JSON.stringify(join(folder, 'started-in'))}\nexec ${JSON.stringify(real)} "$@"\n`, { mode: 0o755 });
    const before = { cwd: process.cwd(), path: process.env.PATH };
    stopSpawnServer();
    process.chdir(learner);
    process.env.PATH = `${bin}:${before.path ?? ''}`;
    try {
      const run = await runProcess(['sh', '-c', 'pwd'], { cwd: '.', env, via: 'server' });
      expect([run.exitCode, run.stdout]).toEqual([0, `${realpathSync(learner)}\n`]);
      expect(readFileSync(join(folder, 'started-in'), 'utf8')).toBe('/\n');
    } finally {
      process.chdir(before.cwd);
      process.env.PATH = before.path;
      stopSpawnServer();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('runs requests at the same time, each answered with its own result', async () => {
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, index) => runProcess(['sh', '-c', `sleep 0.0${8 - index}; echo ${index}`], { cwd: '/', env, via: 'server' })),
    );
    expect(runs.map((run) => run.stdout)).toEqual(Array.from({ length: 8 }, (_, index) => `${index}\n`));
  });

  it('reports a run as failed when the server stops answering (SIGSTOP), after its timeout and SERVER_GRACE_MS, then starts later runs directly', async () => {
    stopSpawnServer();
    expect((await runProcess(['true'], { cwd: '/', env, via: 'server' })).exitCode).toBe(0);
    const [pid] = serverPids();
    if (pid === undefined) throw new Error('no spawn server among this process’s children');
    process.kill(pid, 'SIGSTOP');
    try {
      const wedged = await runProcess(['echo', 'never answered'], { cwd: '/', env, via: 'server', timeoutMs: 100 });
      expect([wedged.exitCode, wedged.stdout, wedged.stderr]).toEqual([
        127,
        '',
        expect.stringMatching(new RegExp(`^wtlab: the spawn server did not answer within ${(100 + SERVER_GRACE_MS) / 1000} s`)),
      ]);
      const direct = await runProcess(['echo', 'direct'], { cwd: '/', env, via: 'server' });
      expect([direct.exitCode, direct.stdout]).toEqual([0, 'direct\n']);
    } finally {
      if (serverPids().includes(pid)) process.kill(pid, 'SIGKILL');
      stopSpawnServer();
    }
  }, 20_000);

  it('reports a run as failed, never started twice, when the server stops under it; the next run gets a new server', async () => {
    const pending = runProcess(['sh', '-c', 'sleep 5; echo late'], { cwd: '/', env, via: 'server' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    stopSpawnServer();
    const stopped = await pending;
    expect([stopped.exitCode, stopped.stdout, stopped.stderr]).toEqual([127, '', expect.stringMatching(/^wtlab: the spawn server stopped/)]);
    const next = await runProcess(['echo', 'again'], { cwd: '/', env, via: 'server' });
    expect([next.exitCode, next.stdout]).toEqual([0, 'again\n']);
  });
});

describe('useServer', () => {
  it('is chosen past SERVER_FROM_RSS, never for a run that asks for its lines as they come', () => {
    // Forgets a failure an earlier test in this worker may have left, so only the size and onLine decide.
    stopSpawnServer();
    expect(useServer({ rss: SERVER_FROM_RSS + 1 })).toBe(true);
    expect(useServer({ rss: SERVER_FROM_RSS })).toBe(false);
    expect(useServer({ rss: SERVER_FROM_RSS + 1, onLine: () => undefined })).toBe(false);
  });
});
