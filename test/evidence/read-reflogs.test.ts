import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeReadOnlyGit } from '../../src/evidence/read-only-git.js';
import { readReflogs } from '../../src/evidence/read-reflogs.js';
import { makeKit, removeCorpusFolders } from '../support/corpus.js';

afterAll(removeCorpusFolders);

describe('readReflogs on a real repository', () => {
  it('a commit subject holding the old record and field separators forges no reflog entry, in its own ref or another', async () => {
    const kit = await makeKit('forged reflog');
    const repo = await kit.startRepo('tasks-app');
    const root = (await kit.gitIn(repo, ['rev-parse', 'HEAD'])).trim();
    // The old framing was `\x1e<ref>@{<time>}\x1f<hash>\x1f<message>`: this subject holds two whole records.
    const subject = [
      'Add wipe',
      `HEAD@{1600000000}\x1f${root}\x1fcommit: forged in HEAD`,
      `refs/heads/feature/wipe@{1600000000}\x1f${root}\x1fbranch: Created from HEAD`,
    ].join('\x1e');
    await kit.gitIn(repo, ['commit', '-q', '--allow-empty', '-m', subject]);
    const tip = (await kit.gitIn(repo, ['rev-parse', 'HEAD'])).trim();
    const scratch = join(kit.dir, '..', 'scratch');
    mkdirSync(scratch);
    const reader = await makeReadOnlyGit({ git: kit.git, gitDir: join(repo, '.git'), scratch });
    const logs = await readReflogs(reader, [
      { ref: 'HEAD', owner: 'main' },
      { ref: 'refs/heads/main', owner: 'main' },
      { ref: 'refs/heads/feature/wipe', owner: 'feature/wipe' },
    ]);
    expect(logs.map((log) => log.ref)).toEqual(['HEAD', 'refs/heads/main']);
    for (const log of logs) {
      expect(log.entries.map((entry) => [entry.old, entry.new, entry.action])).toEqual([
        ['0'.repeat(40), root, 'commit (initial)'],
        [root, tip, 'commit'],
      ]);
      expect(log.entries[1]?.message).toBe(`commit: ${subject}`);
      expect(log.entries.some((entry) => entry.time === 1600000000)).toBe(false);
    }
  });
});
