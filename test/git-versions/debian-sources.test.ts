import { describe, expect, it } from 'vitest';
import { upstreamVersion } from '../../src/git-versions/debian-version.js';
import { findDebianMirror } from '../../src/git-versions/find-mirror.js';

describe('upstreamVersion', () => {
  it.each([
    ['1:2.30.2-1+deb11u2', '2.30.2'],
    ['1:2.47.3-0+deb13u1', '2.47.3'],
    ['1:2.55.0-1', '2.55.0'],
    ['2.39.5', '2.39.5'],
  ])('of %s is %s', (debian, upstream) => {
    expect(upstreamVersion(debian)).toBe(upstream);
  });
});

describe('findDebianMirror', () => {
  it('finds the archive in deb822 sources and skips the security archive', () => {
    const deb822 =
      'Types: deb\nURIs: http://mirror.example/debian-security\nSuites: bookworm-security\n\nTypes: deb\nURIs: http://mirror.example/debian/\nSuites: bookworm\n';
    expect(findDebianMirror([deb822])).toBe('http://mirror.example/debian');
  });

  it('finds the archive in one-line sources with options', () => {
    expect(findDebianMirror(['# c\ndeb [arch=amd64] https://m.example/debian bookworm main\n'])).toBe('https://m.example/debian');
  });

  it('finds nothing when no Debian archive is configured', () => {
    expect(findDebianMirror(['deb https://other.example/apt stable main'])).toBeUndefined();
  });
});
