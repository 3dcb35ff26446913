import { describe, expect, it } from 'vitest';
import { checkEntry, makeEntryChecker, makeLimitCounter, resolveThroughLinks } from '../../src/submission/check-entry.js';

describe('archive entry checks', () => {
  it.each([
    ['tasks-app/cli.py', 'file', undefined],
    ['tasks-app/.git/', 'directory', undefined],
    ['tasks-app/link', 'symlink', 'cli.py'],
    ['tasks-app/sub/link', 'symlink', '../cli.py'],
  ] as const)('accepts %s', (path, type, linkpath) => {
    expect(() => checkEntry('x.tar', { path, type, size: 1, ...(linkpath ? { linkpath } : {}) })).not.toThrow();
  });

  it.each([
    ['/etc/passwd', 'file', undefined, 'it is an absolute path'],
    ['tasks-app/../../evil', 'file', undefined, 'it climbs out with ..'],
    ['C:/evil', 'file', undefined, 'it is an absolute path'],
    ['tasks-app/link', 'symlink', '/etc', 'it links to the absolute path /etc'],
    ['tasks-app/link', 'symlink', '../../etc', 'it links outside the archive (../../etc)'],
    ['tasks-app/hard', 'hardlink', '../outside', 'it links outside the archive (../outside)'],
    ['tasks-app/dev', 'other', undefined, 'it is neither a file, a folder nor a link'],
  ] as const)('refuses %s (%s) naming the entry', (path, type, linkpath, why) => {
    expect(() => checkEntry('x.tar', { path, type, size: 1, ...(linkpath ? { linkpath } : {}) })).toThrow(
      `archive x.tar has an unsafe entry ${JSON.stringify(path)}: ${why}.`,
    );
  });

  it('counts entries and bytes against the limits', () => {
    const count = makeLimitCounter('x.tar', { maxEntries: 2, maxBytes: 10 });
    count({ path: 'a', type: 'file', size: 4 });
    expect(() => count({ path: 'b', type: 'file', size: 7 })).toThrow('archive x.tar unpacks to more than 10 bytes (at "b")');
    const few = makeLimitCounter('x.tar', { maxEntries: 1, maxBytes: 100 });
    few({ path: 'a', type: 'file', size: 1 });
    expect(() => few({ path: 'b', type: 'file', size: 1 })).toThrow('more than 1 entries (at "b")');
  });

  it("resolves a path through the archive's own links, as the kernel would after unpacking", () => {
    const links = new Map([
      ['app/here', '.'],
      ['app/up', 'here/..'],
      ['app/out', 'up/..'],
      ['app/loop', 'loop'],
    ]);
    expect(resolveThroughLinks('app/here/cli.py', links)).toBe('app/cli.py');
    expect(resolveThroughLinks('app/up/other', links)).toBe('other');
    expect(resolveThroughLinks('app/out/x', links)).toBeUndefined();
    expect(resolveThroughLinks('app/loop/x', links)).toBeUndefined();
  });

  it('refuses, once every entry is seen, a link whose text stays inside but whose chain climbs out', () => {
    const check = makeEntryChecker('x.tar', { maxEntries: 10, maxBytes: 100 });
    check({ path: 'app/out', type: 'symlink', size: 0, linkpath: 'up/..' });
    check({ path: 'app/up', type: 'symlink', size: 0, linkpath: 'here/..' });
    check({ path: 'app/here', type: 'symlink', size: 0, linkpath: '.' });
    expect(() => check.finish()).toThrow('archive x.tar has an unsafe entry "app/out": it links outside the archive through other links (up/..)');
  });
});
