import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths/package-root.js';

const parent = mkdtempSync(join(tmpdir(), 'wtlab-release-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

/** Makes a sandbox in a child node process (the compiled engine in dist/, which npm test builds), releases it or not, exits, and says where it was. */
async function sandboxAfterExit(release: boolean): Promise<string> {
  const script = [
    "const { makeSandbox } = await import('./dist/src/sandbox/sandbox.js');",
    "const { resolveGitBinary } = await import('./dist/src/git/git-binary.js');",
    'const sandbox = await makeSandbox({ git: await resolveGitBinary() });',
    release ? 'sandbox.release();' : '',
    'process.stdout.write(sandbox.base);',
  ].join('\n');
  const run = await execa('node', ['--input-type=module', '-e', script], { cwd: packageRoot(), env: { WTLAB_TMPDIR: parent }, reject: false });
  expect(run.exitCode, String(run.stderr)).toBe(0);
  return String(run.stdout);
}

describe('Sandbox.release', () => {
  it('keeps a released sandbox past its process’s exit, and removes one that was not released', async () => {
    const released = await sandboxAfterExit(true);
    const kept = await sandboxAfterExit(false);
    expect(released.startsWith(parent)).toBe(true);
    expect(existsSync(join(released, 'work'))).toBe(true);
    expect(kept.startsWith(parent)).toBe(true);
    expect(existsSync(kept)).toBe(false);
  });
});
