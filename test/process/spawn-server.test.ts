import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { spawnServerCommand, type SpawnAnswer, type SpawnRequest } from '../../src/process/spawn-through-server.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

/** The server started as runThroughServer starts it, its answers read line by line and its stderr kept for the test. */
function startServer() {
  const [file = 'python3', ...args] = spawnServerCommand(locateExecutable('python3') ?? 'python3');
  const server = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const answers: SpawnAnswer[] = [];
  const lines = createInterface({ input: server.stdout });
  let waiting: (() => void) | undefined;
  lines.on('line', (line) => {
    answers.push(JSON.parse(line) as SpawnAnswer);
    waiting?.();
  });
  const exited = once(server, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
    answers,
    exited,
    stderr: () => stderr,
    send: (request: Omit<SpawnRequest, 'options'> & { options?: Partial<SpawnRequest['options']> }) =>
      server.stdin.write(
        `${JSON.stringify({ ...request, options: { cwd: '/', env, input: '', timeoutMs: 10_000, maxBuffer: 1 << 20, ...request.options } })}\n`,
      ),
    /** Resolves once `count` answers have come. */
    answered: (count: number) =>
      new Promise<void>((resolve) => {
        waiting = () => answers.length >= count && resolve();
        waiting();
      }),
    /** Writes text to the server's stdin as it is (part of a request line, or several). */
    sendRaw: (text: string) => server.stdin.write(text),
    close: () => server.stdin.end(),
  };
}

const text = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

describe('the spawn server', () => {
  it('answers a run started before its stdin closed, then ends quietly (exit 0, nothing on stderr)', async () => {
    const server = startServer();
    server.send({ id: 0, command: ['true'] });
    await server.answered(1);
    server.send({ id: 1, command: ['sh', '-c', 'sleep 0.3; echo late'] });
    server.close();
    expect(await server.exited).toEqual([0, null]);
    expect(server.answers).toMatchObject([
      { id: 0, exitCode: 0 },
      { id: 1, exitCode: 0, signal: null, timedOut: false },
    ]);
    expect(text((server.answers[1] as { stdout: string }).stdout)).toBe('late\n');
    expect(server.stderr()).toBe('');
  });

  // Ctrl-C in a terminal reaches the whole process group: the program run, and the server too. The run must end as a
  // direct start's does (killed by SIGINT), not as "the spawn server stopped"; the parent decides whether to go on.
  it('answers a run that Ctrl-C ended with its signal, and outlives that SIGINT itself', async () => {
    const server = startServer();
    server.send({ id: 0, command: ['sh', '-c', 'kill -INT $PPID; kill -INT $$; sleep 1'] });
    await server.answered(1);
    server.send({ id: 1, command: ['echo', 'after'] });
    await server.answered(2);
    server.close();
    expect(server.answers).toMatchObject([
      { id: 0, exitCode: 128, signal: 'SIGINT' },
      { id: 1, exitCode: 0, stdout: Buffer.from('after\n').toString('base64') },
    ]);
    expect(await server.exited).toEqual([0, null]);
    expect(server.stderr()).toBe('');
  });

  // A request line longer than one read (the input base64 in it) comes in many pieces; the one after it may share the last.
  it('reads a request line that comes in many pieces whole: a 3 MiB input reaches the program byte for byte, and the next request is served', async () => {
    const server = startServer();
    const input = Buffer.from(Array.from({ length: 3 << 20 }, (_, index) => (index * 7919) % 251));
    const line = (id: number, command: string[], bytes: Buffer) =>
      `${JSON.stringify({ id, command, options: { cwd: '/', env, input: bytes.toString('base64'), timeoutMs: 60_000, maxBuffer: 1 << 20 } })}\n`;
    const stream = line(0, ['sha256sum'], input) + line(1, ['echo', 'next'], Buffer.alloc(0));
    // Pieces of 1,000 bytes, each written on its own: the last holds the end of the first line and the whole second.
    for (let at = 0; at < stream.length; at += 1_000) server.sendRaw(stream.slice(at, at + 1_000));
    await server.answered(2);
    server.close();
    const first = server.answers.find((answer) => answer.id === 0) as { stdout: string; exitCode: number };
    expect(first.exitCode).toBe(0);
    expect(text(first.stdout)).toBe(`${createHash('sha256').update(input).digest('hex')}  -\n`);
    expect(server.answers).toContainEqual(expect.objectContaining({ id: 1, exitCode: 0, stdout: Buffer.from('next\n').toString('base64') }));
    expect(await server.exited).toEqual([0, null]);
  });

  it('answers a request it cannot serve (no command) as its own fault, and goes on', async () => {
    const server = startServer();
    server.send({ id: 0, command: [] });
    server.send({ id: 1, command: ['echo', 'next'] });
    await server.answered(2);
    server.close();
    expect(server.answers).toContainEqual({ id: 0, serverError: expect.stringMatching(/^IndexError/) });
    expect(server.answers).toContainEqual(expect.objectContaining({ id: 1, exitCode: 0 }));
    expect(await server.exited).toEqual([0, null]);
  });

  it('ends with one line on stderr and exit 70, no traceback, when a line is not a request (the parent then reports its runs as failed)', async () => {
    const [file = 'python3', ...args] = spawnServerCommand(locateExecutable('python3') ?? 'python3');
    const broken = spawn(file, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    broken.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const ended = once(broken, 'exit');
    broken.stdin.end('not a request\n');
    expect(await ended).toEqual([70, null]);
    expect(stderr).toMatch(/^wtlab spawn server: JSONDecodeError: [^\n]*\n$/);
  });
});
