import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startLineSession } from '../../src/process/line-session.js';
import { runProcess, spawnCount } from '../../src/process/run-process.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
/** Answers each line with its length; `exit` ends it with code 3; `hang` never answers. */
const ECHO = [
  'python3',
  '-c',
  'import sys\nfor line in sys.stdin:\n    line = line.strip()\n    if line == "exit":\n        sys.exit(3)\n    if line == "hang":\n        import time; time.sleep(60)\n    print(len(line), flush=True)\n',
];

describe('startLineSession', () => {
  it('answers one line per request from one process, then ends when its input ends', async () => {
    const before = spawnCount();
    const session = startLineSession(ECHO, { cwd: '/', env });
    expect((await session.ask('abc', 10_000)).line).toBe('3');
    expect((await session.ask('hello', 10_000)).line).toBe('5');
    expect(spawnCount() - before).toBe(1);
    const first = session.ask('x', 10_000);
    expect(() => session.ask('y', 10_000)).toThrow(/one request at a time/);
    expect((await first).line).toBe('1');
    session.close();
  });

  it('says how the program ended when it ends instead of answering', async () => {
    const session = startLineSession(ECHO, { cwd: '/', env });
    const answer = await session.ask('exit', 10_000);
    expect(answer).toMatchObject({ line: undefined, timedOut: false, exitCode: 3 });
    expect(session.alive).toBe(false);
    expect((await session.ask('again', 10_000)).line).toBeUndefined();
  });

  it('kills a program that does not answer in time', async () => {
    const session = startLineSession(ECHO, { cwd: '/', env });
    const answer = await session.ask('hang', 300);
    expect(answer).toMatchObject({ line: undefined, timedOut: true });
  });

  it('an idle session does not keep node alive, and a busy one is stopped when node exits', async () => {
    const module = new URL('../../dist/src/process/line-session.js', import.meta.url).href;
    const script = `const { startLineSession } = await import(${JSON.stringify(module)}); startLineSession(['cat'], { cwd: '/', env: { PATH: process.env.PATH } }); console.log('done');`;
    const result = await runProcess([process.execPath, '--input-type=module', '-e', script], { cwd: '/', env, timeoutMs: 20_000 });
    expect([result.exitCode, result.stdout, result.timedOut]).toEqual([0, 'done\n', false]);
    // Busy: node exits while the program works on a request; the program must not run on.
    const marker = `wtlab-session-${process.pid}-${Date.now()}`;
    const busy = `const { startLineSession } = await import(${JSON.stringify(module)}); const s = startLineSession(['sh', '-c', 'read line; sleep 30', '${marker}'], { cwd: '/', env: { PATH: process.env.PATH } }); void s.ask('go', 60000); setTimeout(() => process.exit(0), 300);`;
    const exited = await runProcess([process.execPath, '--input-type=module', '-e', busy], { cwd: '/', env, timeoutMs: 20_000 });
    expect([exited.exitCode, exited.timedOut]).toEqual([0, false]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ps = await runProcess(['ps', '-eo', 'args'], { cwd: '/', env });
    expect(ps.stdout).not.toContain(marker);
  });

  it('an idle session gets no signal when node exits: its input ends and it ends on its own', async () => {
    const module = new URL('../../dist/src/process/line-session.js', import.meta.url).href;
    const log = join(mkdtempSync(join(tmpdir(), 'wtlab-session-')), 'log');
    const program = `trap 'echo TERM >> ${log}; exit 1' TERM; while read line; do echo "$line"; done; echo EOF >> ${log}`;
    const script = `const { startLineSession } = await import(${JSON.stringify(module)}); const s = startLineSession(['sh', '-c', ${JSON.stringify(program)}], { cwd: '/', env: { PATH: process.env.PATH } }); console.log((await s.ask('ready', 10000)).line); process.exit(0);`;
    const exited = await runProcess([process.execPath, '--input-type=module', '-e', script], { cwd: '/', env, timeoutMs: 20_000 });
    expect([exited.exitCode, exited.stdout]).toEqual([0, 'ready\n']);
    for (let waited = 0; waited < 5000 && !existsSync(log); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readFileSync(log, 'utf8')).toBe('EOF\n');
    rmSync(dirname(log), { recursive: true, force: true });
  });
});
