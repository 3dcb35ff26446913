import { describe, expect, it } from 'vitest';
import { scrubSecrets, submissionLabel } from '../../src/submission/submission-label.js';

describe('submissionLabel', () => {
  it.each([
    ['https://x-access-token:ghp_abc@127.0.0.1:9/x.git', 'https://x-access-token:***@127.0.0.1:9/x.git'],
    ['http://user:pa%40ss@example.org/learner/repo.git', 'http://user:***@example.org/learner/repo.git'],
    ['https://ghp_token123@github.com/learner/repo.git', 'https://***@github.com/learner/repo.git'],
    ['ssh://u:secret@host/repo.git', 'ssh://u:***@host/repo.git'],
    // WHATWG URL refuses it, git takes it: the authority's text before its last `@` is still hidden.
    ['file://u:secret@/tmp/repo', 'file://u:***@/tmp/repo'],
    ['https://a:b@c@host/x.git?q=1#f', 'https://a:***@host/x.git?q=1#f'],
    ['HTTPS://Me:Tok@Host.Example/X.git', 'HTTPS://Me:***@Host.Example/X.git'],
  ])('hides the password or token of %s', (source, shown) => {
    expect(submissionLabel(source)).toBe(shown);
    expect(submissionLabel(shown)).toBe(shown);
  });

  it.each([
    'ssh://git@github.com/learner/repo.git',
    'git@github.com:learner/repo.git',
    'https://example.org/learner/repo.git',
    'https://example.org/learner/a@b/repo.git',
    'subs/ana',
    '/tmp/user:pass@host/x',
    '',
  ])('leaves %s as given', (source) => {
    expect(submissionLabel(source)).toBe(source);
  });
});

describe('scrubSecrets', () => {
  const source = 'https://x-access-token:ghp_abcdef@127.0.0.1:9/x.git';

  it("hides the source's token wherever a message quotes it, framed as a URL or not", () => {
    const text = `fatal: unable to access '${source}/': refused; token ghp_abcdef; other https://bob:hunter22@h/y`;
    const scrubbed = scrubSecrets(text, source);
    expect(scrubbed).not.toContain('ghp_abcdef');
    expect(scrubbed).not.toContain('hunter22');
    expect(scrubbed).toContain("'https://x-access-token:***@127.0.0.1:9/x.git/'");
    expect(scrubbed).toContain('https://bob:***@h/y');
  });

  it('hides a percent-encoded token also as decoded', () => {
    expect(scrubSecrets('said t@k/en!', 'https://u:t%40k%2Fen!@h/x')).toBe('said ***');
  });

  it('keeps a text with no secrets as it is', () => {
    expect(scrubSecrets('fatal: repository not found', 'subs/ana')).toBe('fatal: repository not found');
  });
});
