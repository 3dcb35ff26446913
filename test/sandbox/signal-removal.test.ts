import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths/package-root.js';

const parent = mkdtempSync(join(tmpdir(), 'wtlab-signal-removal-'));
const pinned: string[] = [];
afterAll(() => {
  for (const file of pinned) execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
  rmSync(parent, { recursive: true, force: true });
});

/** Whether this file system lets root pin a file (`chattr +i`: not even root may remove it), so a removal can fail. */
function canPin(): boolean {
  const probe = join(parent, 'probe');
  writeFileSync(probe, '');
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { force: true });
  }
}

describe('a sandbox on Ctrl-C', () => {
  it.skipIf(!canPin())('that cannot be removed still ends the process with 130, and one line names the folder to remove', async () => {
    // A child node process (the compiled engine in dist/, which npm test builds) makes a sandbox, pins a file in it and waits for SIGINT.
    const script = [
      "const { makeSandbox } = await import('./dist/src/sandbox/sandbox.js');",
      "const { resolveGitBinary } = await import('./dist/src/git/git-binary.js');",
      "const { writeFileSync } = await import('node:fs');",
      "const { execFileSync } = await import('node:child_process');",
      'const sandbox = await makeSandbox({ git: await resolveGitBinary() });',
      "const file = sandbox.work + '/pinned';",
      "writeFileSync(file, '');",
      "execFileSync('chattr', ['+i', file]);",
      'process.stdout.write(file + "\\n");',
      'setInterval(() => undefined, 1000);',
    ].join('\n');
    const child = execa('node', ['--input-type=module', '-e', script], { cwd: packageRoot(), env: { WTLAB_TMPDIR: parent }, reject: false });
    const file = await new Promise<string>((resolve) => child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    pinned.push(file);
    child.kill('SIGINT');
    const ended = await child;
    expect(ended.exitCode, String(ended.stderr)).toBe(130);
    const base = readdirSync(parent).filter((name) => name.startsWith('wtlab-'));
    expect(base).toHaveLength(1);
    expect(String(ended.stderr).trimEnd().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^wtlab: could not remove ${join(parent, base[0] ?? '')} \\([A-Z]+\\); remove it yourself: rm -rf `)),
    ]);
    expect(existsSync(file)).toBe(true);
  });
});
