import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox } from '../../src/sandbox/sandbox.js';
import { testGit } from '../support/git.js';
import { spreadSubfolders } from './test-tmpdir.js';

/** The file attribute letters `lsattr -d` prints for a folder, or undefined where there is no lsattr or it cannot read them. */
function attributes(folder: string): string | undefined {
  try {
    return execFileSync('lsattr', ['-d', folder], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(' ')[0];
  } catch {
    return undefined;
  }
}

describe("the run's temp folder", () => {
  it('is TMPDIR for every test file: a folder of its own, open to all as /tmp is', () => {
    expect(basename(tmpdir())).toMatch(/^wtlab-test-run-/);
    expect(statSync(tmpdir()).mode & 0o7777).toBe(0o1777);
  });

  it.skipIf(process.env.WTLAB_TMPDIR)('holds the sandboxes scenarios and grades make (unless WTLAB_TMPDIR says where)', async () => {
    const sandbox = await makeSandbox({ git: await testGit() });
    try {
      expect(sandbox.base.startsWith(`${tmpdir()}/`)).toBe(true);
    } finally {
      await sandbox.remove();
    }
  });

  it('spreads its subfolders (chattr +T) where the file system has the flag, and says so', () => {
    const folder = mkdtempSync(join(tmpdir(), 'spread-'));
    try {
      const took = spreadSubfolders(folder);
      const letters = attributes(folder);
      if (letters !== undefined) expect(letters.includes('T')).toBe(took);
      if (took) expect(attributes(tmpdir())).toContain('T');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
