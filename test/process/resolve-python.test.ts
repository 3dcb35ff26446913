import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { resolvePython } from '../../src/process/resolve-python.js';
import { runProcess } from '../../src/process/run-process.js';

const dir = mkdtempSync(join(tmpdir(), 'wtlab-resolve-python-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PATH = process.env.PATH ?? '/usr/bin:/bin';
const version = async (python: string) => (await runProcess([python, '-c', 'import sys; print(sys.version)'], { cwd: '/', env: { PATH } })).stdout;

describe('resolvePython', () => {
  it('names the interpreter that python3 on the PATH runs: an absolute path, the same version', async () => {
    const resolved = await resolvePython(PATH);
    expect(resolved.startsWith('/')).toBe(true);
    expect(await version(resolved)).toBe(await version('python3'));
  });

  it('sees through a shim that execs the interpreter, and asks it only once', async () => {
    const real = locateExecutable('python3', PATH) ?? 'python3';
    const shims = join(dir, 'shims');
    const log = join(dir, 'shim.log');
    mkdirSync(shims);
    writeFileSync(join(shims, 'python3'), `#!/bin/sh\necho started >>'${log}'\nexec '${real}' "$@"\n`);
    chmodSync(join(shims, 'python3'), 0o755);
    const path = `${shims}:${PATH}`;
    const first = await resolvePython(path);
    const second = await resolvePython(path);
    expect(first).toBe(second);
    expect(first).not.toBe(join(shims, 'python3'));
    expect(readFileSync(log, 'utf8')).toBe('started\n');
  });

  it('gives back python3 itself when the PATH has none, so the caller reports the usual failure', async () => {
    expect(await resolvePython(join(dir, 'nowhere'))).toBe('python3');
  });
});
