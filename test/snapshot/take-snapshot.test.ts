import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/user-error.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { takeSnapshot } from '../../src/snapshot/take-snapshot.js';
import { testGit } from '../support/git.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'wtlab-snapshot-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function refusal(folder: string): Promise<string> {
  const error: unknown = await takeSnapshot(folder, { git: await testGit(), stateFile: 'tasks.json' }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UserError);
  return (error as UserError).message;
}

describe('wtlab snapshot in the wrong folder names the snapshot command to run, not wtlab grade', () => {
  it('outside any repository', async () => {
    const outside = join(root, 'outside');
    mkdirSync(outside);
    expect(await refusal(outside)).toBe(`${outside} is not inside a git repository. Run wtlab snapshot in your app folder: cd app && wtlab snapshot`);
  });

  it('in a subfolder of the repository: where to run it instead', async () => {
    const git = await testGit();
    const repo = join(root, 'tasks-app');
    mkdirSync(join(repo, 'docs'), { recursive: true });
    expect((await runGit(git, ['init', '-q', '-b', 'main'], { cwd: repo, env: sealedEnv({ git, home: root }) })).exitCode).toBe(0);
    expect(await refusal(join(repo, 'docs'))).toBe(
      `${join(repo, 'docs')} is inside the repository at ${repo}, not at its top. Run it there: cd ${repo} && wtlab snapshot`,
    );
  });
});

describe('wtlab snapshot where it cannot write', () => {
  it('is a one-line UserError naming the file and the reason, not an internal error', async () => {
    const git = await testGit();
    const env = sealedEnv({ git, home: root });
    const repo = join(root, 'unwritable');
    mkdirSync(repo);
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['commit', '-q', '--allow-empty', '-m', 'start'],
    ]) {
      expect((await runGit(git, args, { cwd: repo, env })).exitCode).toBe(0);
    }
    // A file where the snapshot's folder goes: mkdir and write fail for every user, root included.
    writeFileSync(join(repo, '.git', 'wtlab'), 'in the way\n');
    const error: unknown = await takeSnapshot(repo, { git, stateFile: 'tasks.json' }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('SNAPSHOT_NOT_WRITTEN');
    expect((error as UserError).message).toMatch(/^cannot write .*\/\.git\/wtlab\/evidence\.json \((EEXIST|ENOTDIR)\), so the snapshot was not recorded\./);
  });
});
