import { chmodSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedGitVersion, rememberGitVersion } from '../../src/git/git-version-cache.js';
import { resolveGitBinary } from '../../src/git/git-binary.js';
import { spawnCount } from '../../src/process/run-process.js';

const dir = mkdtempSync(join(tmpdir(), 'wtlab-version-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeGit(name: string, version: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\necho "git version ${version}"\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('git version cache', () => {
  it('knows a version only for the very file it was read from', () => {
    const cache = join(dir, 'cache-a');
    const git = fakeGit('git-a', '2.39.5');
    expect(cachedGitVersion(git, { cacheDir: cache })).toBeUndefined();
    rememberGitVersion(git, '2.39.5', { cacheDir: cache });
    expect(cachedGitVersion(git, { cacheDir: cache })).toBe('2.39.5');
    // Replaced by another build: the size or times differ, so git is asked again.
    writeFileSync(git, '#!/bin/sh\necho "git version 2.47.3" # rebuilt\n');
    expect(cachedGitVersion(git, { cacheDir: cache })).toBeUndefined();
    utimesSync(git, new Date(0), new Date(0));
    expect(cachedGitVersion(git, { cacheDir: cache })).toBeUndefined();
  });

  it('starts git once per binary while the file stays the same', async () => {
    const cache = join(dir, 'cache-b');
    const previous = process.env.WTLAB_CACHE;
    process.env.WTLAB_CACHE = cache;
    try {
      const git = fakeGit('git-b', '2.30.2');
      const before = spawnCount();
      expect((await resolveGitBinary(git)).version).toBe('2.30.2');
      expect((await resolveGitBinary(git)).version).toBe('2.30.2');
      expect(spawnCount() - before).toBe(1);
      writeFileSync(git, '#!/bin/sh\necho "git version 2.55.0"\n');
      expect((await resolveGitBinary(git)).version).toBe('2.55.0');
      expect(spawnCount() - before).toBe(2);
    } finally {
      if (previous === undefined) delete process.env.WTLAB_CACHE;
      else process.env.WTLAB_CACHE = previous;
    }
  });

  it('a cache folder that cannot be written is no error', () => {
    const git = fakeGit('git-c', '2.39.5');
    const blocked = join(dir, 'not-a-folder');
    writeFileSync(blocked, 'a file where the cache folder would be');
    expect(() => rememberGitVersion(git, '2.39.5', { cacheDir: blocked })).not.toThrow();
    expect(cachedGitVersion(git, { cacheDir: blocked })).toBeUndefined();
  });
});
