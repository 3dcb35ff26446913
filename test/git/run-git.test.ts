import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { testGit } from '../support/git.js';

const home = mkdtempSync(join(tmpdir(), 'wtlab-home-'));
const repo = mkdtempSync(join(tmpdir(), 'wtlab-repo-'));
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(repo, { recursive: true, force: true });
});

describe('runGit', () => {
  it('returns exact stdout, stderr and exit code', async () => {
    const git = await testGit();
    const env = sealedEnv({ git, home });
    const result = await runGit(git, ['rev-parse', '--verify', 'nothing-here'], { cwd: repo, env });
    expect(result.exitCode).toBe(128);
    expect(result.stderr).toMatch(/^fatal: /);
    expect(result.command).toEqual(['git', 'rev-parse', '--verify', 'nothing-here']);
  });

  it('inherits nothing from the calling process: a stray GIT_DIR does not leak in', async () => {
    const git = await testGit();
    process.env.GIT_DIR = '/nonexistent';
    try {
      const env = sealedEnv({ git, home });
      await runGit(git, ['init', '-q', '-b', 'main', 'leak'], { cwd: repo, env });
      const inside = await runGit(git, ['rev-parse', '--is-inside-work-tree'], { cwd: join(repo, 'leak'), env });
      expect(inside.stdout).toBe('true\n');
    } finally {
      delete process.env.GIT_DIR;
    }
  });

  it('makes commits with reproducible hashes under a fixed date and identity', async () => {
    const git = await testGit();
    writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Someone Else\n');
    const env = sealedEnv({ git, home, date: '2026-01-01T09:00:00Z' });
    const hashes: string[] = [];
    for (const folder of ['one', 'two']) {
      const cwd = join(repo, folder);
      await runGit(git, ['init', '-q', '-b', 'main', cwd], { cwd: repo, env });
      writeFileSync(join(cwd, 'a.txt'), 'same\n');
      await runGit(git, ['add', 'a.txt'], { cwd, env });
      await runGit(git, ['commit', '-q', '-m', 'same'], { cwd, env });
      const log = await runGit(git, ['log', '-1', '--format=%H %an'], { cwd, env });
      hashes.push(log.stdout);
    }
    expect(hashes[0]).toBe(hashes[1]);
    expect(hashes[0]).toContain('Lab Learner');
  });
});
