import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLearnerFile } from '../../src/evidence/read-small-file.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-reader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('readLearnerFile: the one way a learner file is read', () => {
  const submission = join(root, 'submission');
  mkdirSync(join(submission, 'sub'), { recursive: true });
  writeFileSync(join(submission, 'cli.py'), 'print("hi")\n');
  writeFileSync(join(root, 'outside.txt'), 'secret\n');
  symlinkSync(join(root, 'outside.txt'), join(submission, 'link.txt'));
  symlinkSync(root, join(submission, 'out'));
  symlinkSync('/proc', join(submission, 'sys'));
  symlinkSync('/dev/zero', join(submission, 'zero'));
  execFileSync('mkfifo', [join(submission, 'pipe')]);

  it('reads a regular file inside the submission', async () => {
    const read = await readLearnerFile(join(submission, 'cli.py'), { within: submission });
    expect(read.ok && read.bytes.toString()).toBe('print("hi")\n');
  });

  it.each([
    ['a FIFO (opened without blocking, refused by fstat)', 'pipe', 'not-a-file', /is a FIFO \(named pipe\), not a regular file/],
    ['a link as the last part', 'link.txt', 'not-a-file', /is a symbolic link/],
    ['a link to /dev/zero', 'zero', 'not-a-file', /is a symbolic link/],
    ['a path through a symlinked folder that leaves the submission', 'out/outside.txt', 'outside', /lies outside/],
    ['a path through a symlinked folder into /proc', 'sys/kmsg', 'outside', /lies outside/],
    ['a missing file', 'nope.txt', 'missing', /is not there/],
  ] as const)('refuses %s', async (_label, path, reason, detail) => {
    const read = await readLearnerFile(join(submission, path), { within: submission });
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.reason).toBe(reason);
      expect(read.detail).toMatch(detail);
    }
  });

  it('refuses a file over the size cap instead of cutting it', async () => {
    const read = await readLearnerFile(join(submission, 'cli.py'), { maxBytes: 4 });
    expect(read).toMatchObject({ ok: false, reason: 'too-big' });
  });

  it('with followLast, follows a link only to a regular file that stays inside', async () => {
    expect(await readLearnerFile(join(submission, 'link.txt'), { followLast: true, within: submission })).toMatchObject({ ok: false, reason: 'outside' });
    expect(await readLearnerFile(join(submission, 'zero'), { followLast: true })).toMatchObject({ ok: false, reason: 'not-a-file' });
  });
});
