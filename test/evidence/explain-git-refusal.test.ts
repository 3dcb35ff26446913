import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainGitRefusal } from '../../src/evidence/explain-git-refusal.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { testGit } from '../support/git.js';

describe('explainGitRefusal', () => {
  it.skipIf(process.getuid?.() !== 0)('turns git\'s "dubious ownership" refusal into one line naming the safe.directory command', async () => {
    const git = await testGit();
    const base = mkdtempSync(join(tmpdir(), 'wtlab-dubious-'));
    try {
      const repo = join(base, 'tasks app');
      const env = sealedEnv({ git, home: join(base, 'no-home') });
      expect((await runGit(git, ['init', '-q', repo], { cwd: base, env })).exitCode).toBe(0);
      chownSync(repo, 65534, 65534);
      const refused = await runGit(git, ['status'], { cwd: repo, env });
      expect(refused.exitCode).not.toBe(0);
      expect(() => explainGitRefusal(refused, git)).toThrow(
        `git refuses the repository at ${repo}: another user owns it ("dubious ownership"). If you trust it, let git in and run again: git config --global --add safe.directory '${repo}'`,
      );
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('leaves a git success alone', async () => {
    const git = await testGit();
    const ok = await runGit(git, ['--version'], { cwd: tmpdir(), env: sealedEnv({ git, home: join(tmpdir(), 'no-home') }) });
    expect(() => explainGitRefusal(ok, git)).not.toThrow();
  });
});
