import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractTar } from '../../src/submission/extract-tar.js';
import { DEFAULT_LIMITS } from '../../src/submission/types.js';
import { craftTar } from '../support/craft-archive.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-extract-tar-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('extractTar', () => {
  it("keeps no setuid, setgid or sticky bit and no write for others (as root, a setuid file would be root's)", async () => {
    const archive = join(root, 'modes.tar');
    writeFileSync(
      archive,
      craftTar([
        { name: 'tasks-app/', type: '5', mode: 0o7777 },
        { name: 'tasks-app/tool', type: '0', data: '#!/bin/sh\nid\n', mode: 0o6777 },
        { name: 'tasks-app/cli.py', type: '0', data: 'print("hi")\n', mode: 0o644 },
      ]),
    );
    const into = join(root, 'out');
    mkdirSync(into);
    await extractTar(archive, into, DEFAULT_LIMITS);
    const mode = (path: string) => statSync(join(into, path)).mode & 0o7777;
    expect(mode('tasks-app')).toBe(0o755);
    expect(mode('tasks-app/tool')).toBe(0o755);
    expect(mode('tasks-app/cli.py')).toBe(0o644);
  });
});
