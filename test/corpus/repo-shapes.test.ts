import { chmodSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkStatus, removeCorpusFolders, runCorpusCase, type CorpusCase } from '../support/corpus.js';

afterAll(removeCorpusFolders);

/** Bytes that look like conflict markers, inside a file git and wtlab must treat as binary (NUL bytes). */
const BINARY_WITH_MARKERS = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
  Buffer.from('\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> feature/wipe\n'),
  Buffer.from([0x00, 0xff, 0x00]),
]);

const CASES: readonly CorpusCase[] = [
  {
    name: 'not a repo',
    build: async (kit) => {
      mkdirSync(join(kit.dir, 'plain'));
      writeFileSync(join(kit.dir, 'plain', 'cli.py'), 'print("hi")\n');
      return { source: join(kit.dir, 'plain') };
    },
    expected: { exit: 2, stderr: /is not inside a git repository\. .*wtlab grade/ },
  },
  {
    name: 'a missing path',
    build: async (kit) => ({ source: join(kit.dir, 'nowhere'), watch: kit.dir }),
    expected: { exit: 2, stderr: /nowhere does not exist\./ },
  },
  {
    name: 'a path that is a file',
    build: async (kit) => {
      writeFileSync(join(kit.dir, 'notes.txt'), 'not a repo\n');
      return { source: join(kit.dir, 'notes.txt'), watch: kit.dir };
    },
    expected: { exit: 2, stderr: /notes\.txt is a file, not a folder, git URL or archive/ },
  },
  {
    name: 'an empty repo',
    build: async (kit) => {
      mkdirSync(join(kit.dir, 'empty'));
      await kit.gitIn(join(kit.dir, 'empty'), ['init', '-q', '-b', 'main']);
      return { source: join(kit.dir, 'empty') };
    },
    expected: { exit: 2, stderr: /has no commits yet\. Commit the start snapshot first/ },
  },
  {
    name: 'a bare repo',
    via: 'library',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      await kit.gitIn(kit.dir, ['clone', '-q', '--bare', repo, join(kit.dir, 'tasks-app.git')]);
      return { source: join(kit.dir, 'tasks-app.git') };
    },
    expected: { exit: 1, report: (report) => expect(checkStatus(report, 'cleaned-up', 'only-main-left') ?? 'skip').toBe('skip') },
  },
  {
    name: 'a shallow clone',
    via: 'library',
    build: async (kit) => {
      const repo = await kit.startRepo('origin', { files: { 'notes.md': 'one\n' } });
      writeFileSync(join(repo, 'notes.md'), 'two\n');
      await kit.gitIn(repo, ['commit', '-q', '-am', 'second']);
      await kit.gitIn(kit.dir, ['clone', '-q', '--depth', '1', `file://${repo}`, join(kit.dir, 'tasks-app')]);
      return { source: join(kit.dir, 'tasks-app') };
    },
    // Part of the history is missing: refused, so the learner is never blamed for the checkout's depth.
    expected: { exit: 2, stderr: /is a shallow clone .*fetch --unshallow .*fetch-depth: 0/ },
  },
  {
    name: 'a detached HEAD',
    via: 'library',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      await kit.gitIn(repo, ['commit', '-q', '--allow-empty', '-m', 'second']);
      await kit.gitIn(repo, ['switch', '-q', '--detach', 'HEAD~1']);
      return { source: repo };
    },
    expected: { exit: 1, report: (report) => expect(checkStatus(report, 'merged', 'app-runs')).toBe('pass') },
  },
  {
    name: 'no main branch, master only',
    via: 'library',
    build: async (kit) => ({ source: await kit.startRepo('tasks-app', { branch: 'master' }) }),
    expected: { exit: 1, report: (report) => expect(checkStatus(report, 'merged', 'main-branch')).toBe('pass') },
  },
  {
    name: 'a SHA-256 repo',
    via: 'library',
    build: async (kit) => ({ source: await kit.startRepo('tasks-app', { initArgs: ['--object-format=sha256'] }) }),
    expected: { exit: 1, report: (report) => expect(report.graph).toMatch(/[0-9a-f]{7,} .*start/) },
  },
  {
    name: 'a corrupt object',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      const blob = (await kit.gitIn(repo, ['rev-parse', 'HEAD:tasks.py'])).trim();
      const file = join(repo, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
      chmodSync(file, 0o644);
      writeFileSync(file, 'this is not a zlib stream\n');
      chmodSync(file, 0o444);
      return { source: repo };
    },
    expected: { exit: 2, stderr: /git cannot read the repository: .*Check it with: git fsck --full/ },
  },
  {
    name: 'a .git file pointing nowhere',
    build: async (kit) => {
      mkdirSync(join(kit.dir, 'tasks-app-wipe'));
      writeFileSync(join(kit.dir, 'tasks-app-wipe', '.git'), `gitdir: ${join(kit.dir, 'gone', '.git', 'worktrees', 'tasks-app-wipe')}\n`);
      return { source: join(kit.dir, 'tasks-app-wipe') };
    },
    expected: { exit: 2, stderr: /\.git points to .*gone.*, which is not there\. Repair the link from the main folder: git worktree repair/ },
  },
  {
    name: 'a submodule',
    via: 'library',
    build: async (kit) => {
      const lib = await kit.startRepo('lib');
      const repo = await kit.startRepo('tasks-app');
      await kit.gitIn(repo, ['-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib, 'vendor/lib']);
      await kit.gitIn(repo, ['commit', '-q', '-m', 'add a submodule']);
      return { source: repo };
    },
    expected: { exit: 1, report: (report) => expect(checkStatus(report, 'merged', 'app-runs')).toBe('pass') },
  },
  {
    name: 'a 50 MB tracked file, graded with a 64 MB heap: scanned in chunks, its last line still seen',
    build: async (kit) => {
      // 4369066 lines of 12 bytes (50 MB), then a marker on the next line.
      const big = Buffer.alloc(12 * 4_369_066, 'filler line\n');
      const repo = await kit.startRepo('tasks-app', { files: { 'data/big.txt': Buffer.concat([big, Buffer.from('<<<<<<< HEAD\n')]) } });
      return { source: repo, env: { NODE_OPTIONS: '--max-old-space-size=64' } };
    },
    expected: {
      exit: 1,
      report: (report) => {
        const markers = report.criteria.find((found) => found.id === 'merged')?.checks.find((found) => found.id === 'no-conflict-markers');
        expect(markers?.status).toBe('fail');
        expect(markers?.message).toMatch(/^data\/big\.txt:4369067 has a conflict marker/);
      },
    },
  },
  {
    name: 'binary files with conflict-marker-like bytes',
    via: 'library',
    build: async (kit) => ({ source: await kit.startRepo('tasks-app', { files: { 'logo.png': BINARY_WITH_MARKERS, 'docs/merge.bin': BINARY_WITH_MARKERS } }) }),
    expected: { exit: 1, report: (report) => expect(checkStatus(report, 'merged', 'no-conflict-markers')).toBe('pass') },
  },
  {
    name: 'non-UTF-8 and unicode file names',
    via: 'library',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app', { files: { 'tâches/überprüfung 📝.md': 'unicode\n', 'nfd-cafe\u0301.txt': 'nfd\n' } });
      writeFileSync(Buffer.concat([Buffer.from(`${repo}/latin1-`), Buffer.from([0xe9, 0xff]), Buffer.from('.txt')]), 'latin-1 name\n');
      await kit.gitIn(repo, ['add', '-A']);
      await kit.gitIn(repo, ['commit', '-q', '-m', 'odd names']);
      expect(readdirSync(repo).some((name) => name.includes('\ufffd'))).toBe(true);
      return { source: repo };
    },
    expected: { exit: 1, report: (report) => expect(report.graph).toContain('odd names') },
  },
  {
    name: 'spaces in paths',
    via: 'library',
    build: async (kit) => ({ source: await kit.startRepo('my work/tasks app', { files: { 'notes for me.md': 'spaces\n', 'a dir/with space.txt': 'x\n' } }) }),
    expected: { exit: 1, report: (report) => expect(report.submission).toContain('my work/tasks app') },
  },
  {
    // As root (how these tests run here) chmod 000 does not stop reads, so this shows grading neither fails nor
    // changes modes; as another user git cannot read the files and the report still comes out.
    name: `unreadable files (chmod 000${process.getuid?.() === 0 ? ', read anyway: running as root' : ''})`,
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app', { files: { 'secret.txt': 'tracked\n' } });
      writeFileSync(join(repo, 'untracked.txt'), 'untracked\n');
      for (const file of ['secret.txt', 'untracked.txt', 'tasks.py']) chmodSync(join(repo, file), 0o000);
      return { source: repo };
    },
    expected: { exit: 1 },
  },
  {
    name: 'tracked links to /dev/zero (quiz file and data), never read through',
    via: 'library',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      symlinkSync('/dev/zero', join(repo, 'worktree-quiz.json'));
      symlinkSync('/dev/zero', join(repo, 'zero.txt'));
      await kit.gitIn(repo, ['add', '-A']);
      await kit.gitIn(repo, ['commit', '-q', '-m', 'links']);
      return { source: repo };
    },
    expected: { exit: 1 },
  },
];

describe.concurrent('corpus: repository shapes', () => {
  it.each(CASES.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s', async (_name, corpusCase) => {
    await runCorpusCase(corpusCase);
  });
});
