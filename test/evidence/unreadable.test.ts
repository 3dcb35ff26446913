import { describe, expect, it } from 'vitest';
import { unreadableError } from '../../src/evidence/unreadable.js';

describe('unreadableError', () => {
  it('names the chmod to run as one shell word per path, safe to paste (a space, a $ and a quote stay literal)', () => {
    const folder = "/srv/class $HOME/it's here";
    const error = unreadableError(`${folder}/.git/logs/HEAD`, { fix: { folder }, code: 'EACCES' });
    expect(error.message).toContain(`Make it readable (chmod -R a+rX '/srv/class $HOME/it'\\''s here') or grade as its owner`);
    expect(unreadableError('/a/b', { fix: { folder: '/a', recursive: false } }).message).toContain('(chmod a+rX /a)');
  });
});
