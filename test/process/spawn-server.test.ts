import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths/package-root.js';
import type { SpawnAnswer, SpawnRequest } from '../../src/process/spawn-server.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

/** The compiled server (npm run build), started as runThroughServer starts it, with its stderr kept for the test. */
function startServer() {
  return fork(join(packageRoot(), 'dist', 'src', 'process', 'spawn-server.js'), [], {
    execArgv: [],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
}

describe('spawn-server', () => {
  it('ends quietly (exit 0, nothing on stderr) when its parent is gone before a run it was given is over', async () => {
    const server = startServer();
    let stderr = '';
    server.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const ended = Promise.all([once(server, 'exit'), once(server.stderr ?? server, 'end')]);
    const send = (request: SpawnRequest) => new Promise<void>((resolve, reject) => server.send(request, (error) => (error ? reject(error) : resolve())));
    // A first answer says the server is listening; the second run is still going when the parent goes.
    const answered = once(server, 'message') as Promise<[SpawnAnswer]>;
    await send({ id: 0, command: ['true'], options: { cwd: '/', env } });
    expect((await answered)[0]).toMatchObject({ id: 0, result: { exitCode: 0 } });
    await send({ id: 1, command: ['sh', '-c', 'sleep 0.3'], options: { cwd: '/', env } });
    server.disconnect();
    const [[code, signal]] = await ended;
    expect([code, signal, stderr]).toEqual([0, null, '']);
  });

  // Ctrl-C in a terminal reaches the whole process group: the program run, and the server too. The run must end as a
  // direct start's does (killed by SIGINT), not as "the spawn server stopped"; the parent decides whether to go on.
  it('answers a run that Ctrl-C ended with its signal, and outlives that SIGINT itself', async () => {
    const server = startServer();
    const answers: SpawnAnswer[] = [];
    server.on('message', (answer: SpawnAnswer) => answers.push(answer));
    const exited = once(server, 'exit');
    const ask = async (request: SpawnRequest) => {
      const answered = once(server, 'message');
      server.send(request, () => undefined);
      await Promise.race([answered, exited]);
    };
    await ask({ id: 0, command: ['sh', '-c', 'kill -INT $PPID; kill -INT $$; sleep 1'], options: { cwd: '/', env } });
    await ask({ id: 1, command: ['echo', 'after'], options: { cwd: '/', env } });
    server.disconnect();
    expect(answers).toMatchObject([
      { id: 0, result: { exitCode: 128, signal: 'SIGINT' } },
      { id: 1, result: { exitCode: 0, stdout: 'after\n' } },
    ]);
    expect(await exited).toEqual([0, null]);
  });
});
