import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitCacheDir, gitVersionDir, wtlabCacheDir } from '../../src/paths/cache-dir.js';

describe('wtlabCacheDir', () => {
  it('is $WTLAB_CACHE, else $XDG_CACHE_HOME/wtlab, else ~/.cache/wtlab', () => {
    expect(wtlabCacheDir({ env: { WTLAB_CACHE: '/w', XDG_CACHE_HOME: '/x' } })).toBe('/w');
    expect(wtlabCacheDir({ env: { XDG_CACHE_HOME: '/x' } })).toBe('/x/wtlab');
    expect(wtlabCacheDir({ env: {} })).toMatch(/\/\.cache\/wtlab$/);
  });
});

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
