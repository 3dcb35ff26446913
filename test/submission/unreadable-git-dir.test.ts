import { formatCommand } from '../../src/process/command-result.js';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTree } from '../../src/paths/remove-tree.js';
import { runProcess } from '../../src/process/run-process.js';
import { WTLAB } from '../support/cli.js';
import { makeKit, removeCorpusFolders, type Kit } from '../support/corpus.js';

afterAll(removeCorpusFolders);

const asRoot = process.getuid?.() === 0;

/** Both features committed in the main folder on their own branches, then merged: no linked worktree was ever used. */
async function buildMainFolderRepo(kit: Kit): Promise<string> {
  const repo = await kit.startRepo('learner');
  for (const [branch, file] of [
    ['feature/wipe', 'wipe.txt'],
    ['feature/remaining', 'remaining.txt'],
  ] as const) {
    await kit.gitIn(repo, ['switch', '-q', '-c', branch, 'main']);
    writeFileSync(join(repo, file), `${branch}\n`);
    await kit.gitIn(repo, ['add', '-A']);
    await kit.gitIn(repo, ['commit', '-q', '-m', `add ${file}`]);
  }
  await kit.gitIn(repo, ['switch', '-q', 'main']);
  await kit.gitIn(repo, ['merge', '-q', '--no-edit', 'feature/wipe']);
  await kit.gitIn(repo, ['merge', '-q', '--no-edit', 'feature/remaining']);
  return repo;
}

let built: Promise<string> | undefined;

/** The main-folder repo (built once for this file) copied into the kit as `learner`: each test changes only its own copy. */
async function mainFolderRepo(kit: Kit): Promise<string> {
  built ??= makeKit('unreadable repo').then(buildMainFolderRepo);
  const repo = join(kit.dir, 'learner');
  cpSync(await built, repo, { recursive: true });
  return repo;
}

/**
 * The home of the user locked out, one for this file (mode 777): the first grade proves the quiz's answer key there
 * (some 120 git runs) and caches it, the next ones read it. The key is the same for every repo; no test checks it.
 */
const lockedOutHome = mkdtempSync(join(tmpdir(), 'wtlab-nobody-home-'));
chmodSync(lockedOutHome, 0o777);
afterAll(() => removeTree(lockedOutHome));

/** Opens the kit's folder and its own temp root (made mode 700) to all users; the temp folder above is 1777 already, as /tmp. */
function openToAll(folder: string): void {
  chmodSync(folder, 0o755);
  chmodSync(join(folder, '..'), 0o755);
}

/**
 * Grades `repo` as a user who cannot read what `chmod` hid: as root, the CLI runs as uid 65534 (how a CI container
 * grades a volume another uid owns); otherwise the test's own user is the one locked out.
 */
async function gradeLockedOut(repo: string, kit: Kit): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  chmodSync(kit.tmp, 0o777);
  const env = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: lockedOutHome, NO_COLOR: '1', WTLAB_TMPDIR: kit.tmp };
  const command = asRoot
    ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, WTLAB, 'grade', repo, '--format', 'json']
    : [process.execPath, WTLAB, 'grade', repo, '--format', 'json'];
  const run = await runProcess(command, { cwd: kit.dir, env, timeoutMs: 600_000 });
  return { exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr };
}

function linkedWorktreesStatus(stdout: string): string | undefined {
  type Report = { criteria: { checks: { id: string; status: string }[] }[] };
  const parsed = JSON.parse(stdout) as Report | Report[];
  const report = Array.isArray(parsed) ? parsed[0] : parsed;
  return report?.criteria.flatMap((criterion) => criterion.checks).find((check) => check.id === 'linked-worktrees')?.status;
}

describe('a git dir with a file or folder the grader cannot read', () => {
  it('grades the readable repo as not using linked worktrees (the control)', async () => {
    const kit = await makeKit('unreadable control');
    const repo = await mainFolderRepo(kit);
    await runProcess(['chmod', '-R', 'a+rX', kit.dir], { cwd: kit.dir, env: { PATH: '/usr/bin:/bin' } });
    openToAll(kit.dir);
    const run = await gradeLockedOut(repo, kit);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(linkedWorktreesStatus(run.stdout)).toBe('fail');
  });

  const hidden: readonly { name: string; path: string; mode: number; make?: (gitDir: string) => void }[] = [
    { name: 'the HEAD reflog', path: 'logs/HEAD', mode: 0o600 },
    { name: "a branch's reflog", path: 'logs/refs/heads/feature/wipe', mode: 0o600 },
    { name: 'the reflog folder', path: 'logs/refs/heads', mode: 0o700 },
    { name: 'the refs folder', path: 'refs/heads', mode: 0o700 },
    { name: 'the index', path: 'index', mode: 0o600 },
    {
      name: 'the snapshot record',
      path: 'wtlab/evidence.json',
      mode: 0o600,
      make: (gitDir) => {
        mkdirSync(join(gitDir, 'wtlab'), { recursive: true });
        writeFileSync(join(gitDir, 'wtlab', 'evidence.json'), '{}\n');
      },
    },
    {
      name: "a worktree record's folder",
      path: 'worktrees/wipe',
      mode: 0o700,
      make: (gitDir) => {
        mkdirSync(join(gitDir, 'worktrees', 'wipe'), { recursive: true });
        writeFileSync(join(gitDir, 'worktrees', 'wipe', 'gitdir'), '/nowhere/wipe/.git\n');
      },
    },
  ];

  for (const entry of hidden) {
    it(`stops with one line naming ${entry.name} and the chmod to run, never a pass for lack of it`, async () => {
      const kit = await makeKit(`unreadable ${entry.name}`);
      const repo = await mainFolderRepo(kit);
      const gitDir = join(repo, '.git');
      entry.make?.(gitDir);
      await runProcess(['chmod', '-R', 'a+rX', kit.dir], { cwd: kit.dir, env: { PATH: '/usr/bin:/bin' } });
      openToAll(kit.dir);
      chmodSync(join(gitDir, entry.path), asRoot ? entry.mode : 0);
      const run = await gradeLockedOut(repo, kit);
      chmodSync(join(gitDir, entry.path), 0o755);
      expect(run.stdout, 'no report').toBe('');
      expect(run.exitCode, run.stderr).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(join(gitDir, entry.path));
      expect(run.stderr).toMatch(/cannot be read/);
      expect(run.stderr).toMatch(/chmod -R a\+rX/);
    });
  }

  const outside: readonly { name: string; hide: (kit: Kit, repo: string) => Promise<string>; mode: number; fix: (hidden: string, repo: string) => string }[] = [
    {
      name: 'a tracked file of the main folder (conflict markers could hide in it)',
      mode: 0o600,
      hide: async (_kit, repo) => {
        writeFileSync(join(repo, 'wipe.txt'), '<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> feature/wipe\n');
        return join(repo, 'wipe.txt');
      },
      fix: (_hidden, repo) => `chmod -R a+rX ${formatCommand([repo])}`,
    },
    {
      name: 'the quiz answers file',
      mode: 0o600,
      hide: async (kit, repo) => {
        writeFileSync(join(repo, 'worktree-quiz.json'), '{}\n');
        await kit.gitIn(repo, ['add', 'worktree-quiz.json']);
        await kit.gitIn(repo, ['commit', '-q', '-m', 'quiz']);
        return join(repo, 'worktree-quiz.json');
      },
      fix: (_hidden, repo) => `chmod -R a+rX ${formatCommand([repo])}`,
    },
    {
      name: 'the folder holding a linked worktree (it would read as removed)',
      mode: 0o700,
      hide: async (kit, repo) => {
        mkdirSync(join(kit.dir, 'private'));
        await kit.gitIn(repo, ['worktree', 'add', '-q', '-b', 'feature/extra', join(kit.dir, 'private', 'extra')]);
        return join(kit.dir, 'private');
      },
      fix: (hidden) => `chmod a+rX ${formatCommand([hidden])})`,
    },
  ];

  for (const entry of outside) {
    it(`stops with one line naming ${entry.name}`, async () => {
      const kit = await makeKit(`unreadable ${entry.name}`);
      const repo = await mainFolderRepo(kit);
      const hidden = await entry.hide(kit, repo);
      await runProcess(['chmod', '-R', 'a+rX', kit.dir], { cwd: kit.dir, env: { PATH: '/usr/bin:/bin' } });
      openToAll(kit.dir);
      chmodSync(hidden, asRoot ? entry.mode : 0);
      const run = await gradeLockedOut(repo, kit);
      chmodSync(hidden, 0o755);
      expect(run.stdout, 'no report').toBe('');
      expect(run.exitCode, run.stderr).toBe(2);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(hidden);
      expect(run.stderr).toMatch(/cannot be read by this user/);
      expect(run.stderr).toContain(entry.fix(hidden, repo));
    });
  }
});
