import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wtlab } from '../support/cli.js';

const cache = mkdtempSync(join(tmpdir(), 'wtlab-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

describe('wtlab git', () => {
  it('refuses a version it cannot get with one line and exit 2', async () => {
    const run = await wtlab(['git', 'install', '9.9.9'], { env: { WTLAB_CACHE: cache } });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^wtlab: git 9\.9\.9: not a version wtlab can install \(known: [^\n]*\)\n$/);
  });

  it('lists an empty cache as nothing', async () => {
    const run = await wtlab(['git', 'list'], { env: { WTLAB_CACHE: cache } });
    expect(run).toEqual({ exitCode: 0, stdout: '', stderr: '' });
  });
});
