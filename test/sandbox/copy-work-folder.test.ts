import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { copyWorkFolder, refreshIndexes, type CopiedWorkFolder } from '../../src/sandbox/copy-work-folder.js';
import { makeSandbox, type Sandbox } from '../../src/sandbox/sandbox.js';
import { fingerprint } from '../support/build-repo.js';
import { testGit } from '../support/git.js';

let original: Sandbox;
let copy: Sandbox;
let before: string[];
let copied: CopiedWorkFolder;

/** Runs git in a folder of a sandbox, in its sealed environment; fails the test on a non-zero exit. */
async function gitIn(sandbox: Sandbox, cwd: string, args: readonly string[]): Promise<string> {
  const git = await testGit();
  const result = await runGit(git, args, { cwd: join(sandbox.work, cwd), env: sealedEnv({ git, home: sandbox.home, shimDir: sandbox.bin }) });
  if (result.exitCode !== 0) throw new Error(`git ${args.join(' ')} in ${cwd}: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  const git = await testGit();
  [original, copy] = await Promise.all([makeSandbox({ git }), makeSandbox({ git })]);
  // Not the lab's layout: a repo named `app`, one worktree nested two folders deep, one beside it.
  await gitIn(original, '.', ['init', '-b', 'trunk', 'app']);
  await gitIn(original, 'app', ['commit', '--allow-empty', '-m', 'first']);
  await gitIn(original, 'app', ['worktree', 'add', '../deep/down/one', '-b', 'one']);
  await gitIn(original, 'app', ['worktree', 'add', '../two', '-b', 'two']);
  before = fingerprint(original.work);
  copied = await copyWorkFolder({ from: original.work, to: copy.work });
});
afterAll(() => Promise.all([original, copy].map((sandbox) => sandbox?.remove())));

describe('copyWorkFolder', () => {
  it("keeps every linked worktree linked, wherever it sits in the work folder, at the copy's paths", async () => {
    const listed = await gitIn(copy, 'app', ['worktree', 'list', '--porcelain']);
    expect([...listed.matchAll(/^worktree (.*)$/gm)].map((match) => match[1])).toEqual([
      join(copy.work, 'app'),
      join(copy.work, 'deep/down/one'),
      join(copy.work, 'two'),
    ]);
    expect(listed).not.toContain('prunable');
    expect((await gitIn(copy, 'deep/down/one', ['rev-parse', '--abbrev-ref', 'HEAD'])).trim()).toBe('one');
    expect((await gitIn(copy, 'two', ['rev-parse', '--git-common-dir'])).trim()).toBe(join(copy.work, 'app/.git'));
  });

  it('keeps the times of the files it rewrites (within the millisecond the copy keeps for every file), and leaves the original as it was', () => {
    const mtime = (root: string, file: string) => statSync(join(root, file)).mtimeMs;
    for (const file of ['app/.git/worktrees/one/gitdir', 'app/.git/worktrees/two/gitdir', 'deep/down/one/.git', 'two/.git'])
      expect(Math.abs(mtime(copy.work, file) - mtime(original.work, file)), file).toBeLessThan(1);
    expect(fingerprint(original.work)).toEqual(before);
  });

  it('names every worktree it copied', () => {
    expect([...copied.worktrees].sort()).toEqual([join(copy.work, 'app'), join(copy.work, 'deep/down/one'), join(copy.work, 'two')]);
  });

  it('leaves each copied index distrusting its files (new inodes) until refreshIndexes, as git diff-files shows', async () => {
    const git = await testGit();
    const [from, to] = await Promise.all([makeSandbox({ git }), makeSandbox({ git })]);
    try {
      await gitIn(from, '.', ['init', '-b', 'trunk', 'app']);
      writeFileSync(join(from.work, 'app', 'a.txt'), 'a\n');
      await gitIn(from, 'app', ['add', 'a.txt']);
      await gitIn(from, 'app', ['commit', '-m', 'a']);
      const here = await copyWorkFolder({ from: from.work, to: to.work });
      expect(await gitIn(to, 'app', ['diff-files', '--name-only'])).toBe('a.txt\n');
      await refreshIndexes(here, { git, env: sealedEnv({ git, home: to.home }) });
      expect(await gitIn(to, 'app', ['diff-files', '--name-only'])).toBe('');
      expect(await gitIn(to, 'app', ['status', '--porcelain'])).toBe('');
    } finally {
      await Promise.all([from.remove(), to.remove()]);
    }
  });

  it('throws when there is no folder to copy', async () => {
    await expect(copyWorkFolder({ from: join(original.base, 'missing'), to: copy.work })).rejects.toThrow(/ENOENT/);
  });
});
