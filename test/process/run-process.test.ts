import { describe, expect, it } from 'vitest';
import { formatProcessStats } from '../../src/process/process-stats.js';
import { runProcess, spawnCount, spawnCountsByProgram } from '../../src/process/run-process.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

describe('runProcess', () => {
  it('returns exact output, the exit code, and feeds standard input', async () => {
    const result = await runProcess(['sh', '-c', 'cat; printf "é\\n" >&2; exit 3'], { cwd: '/', env, input: 'line one\nline two\n' });
    expect([result.exitCode, result.stdout, result.stderr, result.timedOut, result.signal]).toEqual([3, 'line one\nline two\n', 'é\n', false, undefined]);
  });

  // A grandchild keeps the pipes open for 30 s: waiting for them would outlast the test's own timeout.
  it('ends a child that runs past its timeout, even when a grandchild holds its pipes', async () => {
    const result = await runProcess(['sh', '-c', 'sleep 30 & sleep 30'], { cwd: '/', env, timeoutMs: 200 });
    expect([result.timedOut, result.signal, result.exitCode]).toEqual([true, 'SIGTERM', 128]);
  });

  it('reports a program that cannot start as exit 127 with the reason on stderr', async () => {
    const result = await runProcess(['wtlab-no-such-program'], { cwd: '/', env });
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toMatch(/ENOENT/);
  });

  it('cuts output beyond maxBuffer and still lets the child finish', async () => {
    const result = await runProcess(['sh', '-c', 'head -c 100000 /dev/zero | tr "\\0" x; echo done >&2'], { cwd: '/', env, maxBuffer: 1000 });
    expect([result.exitCode, result.stdout.length, result.stderr]).toEqual([0, 1000, 'done\n']);
  });

  it('hands each line of both streams to onLine as it comes, the last unfinished one too, beside the collected output', async () => {
    const lines: string[] = [];
    const result = await runProcess(['sh', '-c', 'printf "one\\ntwo\\n"; printf "err\\n" >&2; sleep 0.1; printf "tail"'], {
      cwd: '/',
      env,
      maxBuffer: 4,
      onLine: (line) => lines.push(line),
    });
    expect([...lines].sort()).toEqual(['err', 'one', 'tail', 'two']);
    expect(lines.indexOf('tail')).toBe(3);
    expect([result.exitCode, result.stdout, result.stderr]).toEqual([0, 'one\n', 'err\n']);
  });

  it('counts each start, per program name', async () => {
    const before = spawnCount();
    const shBefore = spawnCountsByProgram().get('sh') ?? 0;
    await runProcess(['sh', '-c', 'true'], { cwd: '/', env });
    await runProcess(['/bin/sh', '-c', 'true'], { cwd: '/', env });
    expect(spawnCount() - before).toBe(2);
    expect((spawnCountsByProgram().get('sh') ?? 0) - shBefore).toBe(2);
  });
});

describe('formatProcessStats', () => {
  it('adds up git and python processes and names the rest as other', () => {
    expect(
      formatProcessStats(
        new Map([
          ['git', 7],
          ['python3', 1],
        ]),
      ),
    ).toBe('processes: 7 git, 1 python');
    expect(
      formatProcessStats(
        new Map([
          ['git', 2],
          ['python3.11', 1],
          ['tar', 1],
        ]),
      ),
    ).toBe('processes: 2 git, 1 python, 1 other');
    expect(formatProcessStats(new Map())).toBe('processes: 0 git, 0 python');
  });
});
