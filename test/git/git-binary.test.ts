import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareVersions, parseGitVersion, resolveGitBinary } from '../../src/git/git-binary.js';
import { UserError } from '../../src/errors/user-error.js';

const plainFile = join(mkdtempSync(join(tmpdir(), 'wtlab-plain-')), 'git');
writeFileSync(plainFile, 'not a program\n');
chmodSync(plainFile, 0o644);
afterAll(() => rmSync(join(plainFile, '..'), { recursive: true, force: true }));

describe('resolveGitBinary', () => {
  it('finds git on PATH and reads its version', async () => {
    const git = await resolveGitBinary('git');
    expect(git.path).toMatch(/\/git$/);
    expect(git.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each([
    ['/nonexistent/git', 'GIT_NOT_FOUND'],
    [plainFile, 'GIT_NOT_FOUND'],
    ['/bin/true', 'NOT_GIT'],
  ])('refuses %s with %s', async (bin, code) => {
    await expect(resolveGitBinary(bin)).rejects.toSatisfy((error: unknown) => error instanceof UserError && error.code === code);
  });
});

describe('versions', () => {
  it('parses git --version output', () => {
    expect(parseGitVersion('git version 2.39.5\n')).toBe('2.39.5');
    expect(parseGitVersion('git version 2.45.1.windows.1\n')).toBe('2.45.1');
    expect(parseGitVersion('hello')).toBeUndefined();
  });

  it('compares dotted versions numerically', () => {
    expect(compareVersions('2.30.2', '2.39.5')).toBeLessThan(0);
    expect(compareVersions('2.43.0', '2.43')).toBe(0);
    expect(compareVersions('2.100.0', '2.55.0')).toBeGreaterThan(0);
  });
});
