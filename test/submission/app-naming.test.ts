import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFolderRepo, findRepoIn } from '../../src/submission/find-repo.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-app-naming-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A repository in `root/<name>` made by the real git (nothing committed: only its layout counts here). */
function repoAt(name: string): string {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main', folder], { env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: root } });
  return folder;
}

describe("the learner's folder name comes from the lab, not from the engine", () => {
  it("prefers an archive's repository in the folder the lab names, else the first by name", async () => {
    const unpacked = join(root, 'unpacked');
    repoAt('unpacked/a-notes');
    repoAt('unpacked/todo-app');
    expect((await findRepoIn(unpacked))?.mainWorktree).toMatch(/\/a-notes$/);
    expect((await findRepoIn(unpacked, { naming: { repo: 'todo-app' } }))?.mainWorktree).toMatch(/\/todo-app$/);
  });

  it("names the lab's folder in the hint for a folder inside another repository", async () => {
    const outer = repoAt('course');
    const inner = join(outer, 'todo-app');
    mkdirSync(inner);
    await expect(findFolderRepo(inner, inner, { naming: { repo: 'todo-app', repoPath: '~/course/todo-app' } })).rejects.toThrow(
      /Make the todo-app a repository of its own first: cd .*\/course\/todo-app && git init -b main$/,
    );
  });
});
