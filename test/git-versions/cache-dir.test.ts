import { join } from 'node:path';
import { homedir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { gitCacheDir, gitVersionDir } from '../../src/git-versions/cache-dir.js';

describe('gitCacheDir', () => {
  it.each([
    { env: { WTLAB_CACHE: '/w', XDG_CACHE_HOME: '/x' }, expected: '/w/git' },
    { env: { XDG_CACHE_HOME: '/x' }, expected: '/x/wtlab/git' },
    { env: {}, expected: join(homedir(), '.cache', 'wtlab', 'git') },
  ])('uses $expected for $env', ({ env, expected }) => {
    expect(gitCacheDir({ env })).toBe(expected);
  });

  it('prefers an explicit cacheDir and names version folders by version', () => {
    expect(gitVersionDir('2.47.3', { cacheDir: '/c', env: { WTLAB_CACHE: '/w' } })).toBe('/c/2.47.3');
  });
});
