import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths/package-root.js';
import type { SpawnAnswer, SpawnRequest } from '../../src/process/spawn-server.js';

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };

// The compiled server (npm run build), started as runThroughServer starts it, with its stderr kept for the test.
describe('spawn-server', () => {
  it('ends quietly (exit 0, nothing on stderr) when its parent is gone before a run it was given is over', async () => {
    const server = fork(join(packageRoot(), 'dist', 'src', 'process', 'spawn-server.js'), [], {
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
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
});
