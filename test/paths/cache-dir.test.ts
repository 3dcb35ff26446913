import { describe, expect, it } from 'vitest';
import { wtlabCacheDir } from '../../src/paths/cache-dir.js';

describe('wtlabCacheDir', () => {
  it('is $WTLAB_CACHE, else $XDG_CACHE_HOME/wtlab, else ~/.cache/wtlab', () => {
    expect(wtlabCacheDir({ WTLAB_CACHE: '/w', XDG_CACHE_HOME: '/x' })).toBe('/w');
    expect(wtlabCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/wtlab');
    expect(wtlabCacheDir({})).toMatch(/\/\.cache\/wtlab$/);
  });
});
