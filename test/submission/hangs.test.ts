import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkStatus, removeCorpusFolders, runCorpusCase, type CorpusCase } from '../support/corpus.js';
import { appendConfig } from '../support/hostile-config.js';

afterAll(removeCorpusFolders);

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
}

/** Every case must end on its own: a FIFO, a device or /proc never holds grading (the `it` timeout is only a backstop). */
const CASES: readonly CorpusCase[] = [
  {
    name: '.git/commondir as a FIFO',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      mkfifo(join(repo, '.git', 'commondir'));
      return { source: repo };
    },
    expected: { exit: 2, stderr: /commondir is there, but a repository's own \.git folder has none/ },
  },
  {
    name: 'a submission that is a FIFO named .tar.gz',
    build: async (kit) => {
      mkfifo(join(kit.dir, 'tasks-app.tar.gz'));
      return { source: join(kit.dir, 'tasks-app.tar.gz'), watch: kit.dir };
    },
    expected: { exit: 2, stderr: /tasks-app\.tar\.gz is a FIFO \(named pipe\), not a folder or a regular file/ },
  },
  {
    name: 'a submission that is a FIFO named .zip',
    build: async (kit) => {
      mkfifo(join(kit.dir, 'tasks-app.zip'));
      return { source: join(kit.dir, 'tasks-app.zip'), watch: kit.dir };
    },
    expected: { exit: 2, stderr: /tasks-app\.zip is a FIFO \(named pipe\), not a folder or a regular file/ },
  },
  {
    name: '/dev/zero behind a link named .tgz',
    build: async (kit) => {
      symlinkSync('/dev/zero', join(kit.dir, 'tasks-app.tgz'));
      return { source: join(kit.dir, 'tasks-app.tgz'), watch: kit.dir };
    },
    expected: { exit: 2, stderr: /tasks-app\.tgz is a character device, not a folder or a regular file/ },
  },
  {
    name: 'a tracked path through a symlinked folder into /proc (/proc/kmsg blocks a reader)',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app', { files: { 'sys/kmsg': 'tracked\n', 'sys/self/environ': 'tracked\n' } });
      rmSync(join(repo, 'sys'), { recursive: true });
      symlinkSync('/proc', join(repo, 'sys'));
      return { source: repo };
    },
    expected: { exit: 1, report: (report) => expect(checkStatus(report, 'merged', 'no-conflict-markers')).toBe('pass') },
  },
  {
    name: 'a tracked path through a symlinked folder puts no outside file into the report',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app', { files: { 'notes/todo.txt': 'nothing\n' } });
      const outside = join(kit.dir, 'outside');
      mkdirSync(outside);
      writeFileSync(join(outside, 'todo.txt'), '<<<<<<< SECRET-OUTSIDE-LINE\n');
      rmSync(join(repo, 'notes'), { recursive: true });
      symlinkSync(outside, join(repo, 'notes'));
      return { source: repo, watch: kit.dir };
    },
    expected: {
      exit: 1,
      report: (report) => {
        expect(JSON.stringify(report)).not.toContain('SECRET-OUTSIDE');
        expect(checkStatus(report, 'merged', 'no-conflict-markers')).toBe('pass');
      },
    },
  },
  {
    name: 'core.excludesFile as a FIFO',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      mkfifo(join(kit.dir, 'excludes'));
      appendConfig(repo, `[core]\n\texcludesFile = ${join(kit.dir, 'excludes')}\n`);
      return { source: repo, watch: kit.dir };
    },
    expected: { exit: 1 },
  },
  {
    name: 'include.path as a FIFO',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      mkfifo(join(kit.dir, 'included.cfg'));
      appendConfig(repo, `[include]\n\tpath = ${join(kit.dir, 'included.cfg')}\n`);
      return { source: repo, watch: kit.dir };
    },
    expected: { exit: 2, stderr: /config includes .*included\.cfg, which git would read but wtlab will not: .*is a FIFO \(named pipe\), not a regular file/ },
  },
  {
    name: '.gitignore as a FIFO in the main folder',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      rmSync(join(repo, '.gitignore'), { force: true });
      mkfifo(join(repo, '.gitignore'));
      return { source: repo };
    },
    expected: { exit: 1 },
  },
  {
    name: '.gitignore as a FIFO in a linked worktree: its status is unknown, never "nothing uncommitted"',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      const linked = join(kit.dir, 'tasks-app-wipe');
      await kit.gitIn(repo, ['worktree', 'add', '-q', linked, '-b', 'feature/wipe']);
      rmSync(join(linked, '.gitignore'), { force: true });
      mkfifo(join(linked, '.gitignore'));
      return { source: repo, watch: kit.dir };
    },
    expected: { exit: 1, report: (report) => expect(checkStatus(report, 'cleaned-up', 'nothing-lost')).toBe('error') },
  },
  {
    name: 'objects/info/alternates as a FIFO',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      mkfifo(join(repo, '.git', 'objects', 'info', 'alternates'));
      return { source: repo };
    },
    expected: { exit: 2, stderr: /objects\/info\/alternates is a FIFO \(named pipe\), not a regular file: git would wait on it/ },
  },
  {
    name: '.git/info/exclude as a FIFO',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      mkdirSync(join(repo, '.git', 'info'), { recursive: true });
      rmSync(join(repo, '.git', 'info', 'exclude'), { force: true });
      mkfifo(join(repo, '.git', 'info', 'exclude'));
      return { source: repo };
    },
    expected: { exit: 2, stderr: /info\/exclude is a FIFO \(named pipe\), not a regular file/ },
  },
  {
    name: 'a loose ref that is a FIFO',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      mkfifo(join(repo, '.git', 'refs', 'heads', 'stuck'));
      return { source: repo };
    },
    expected: { exit: 2, stderr: /refs\/heads\/stuck is a FIFO \(named pipe\), not a regular file/ },
  },
];

describe.concurrent('no input hangs grading: FIFOs, devices and /proc are refused or never read', () => {
  it.each(CASES.map((corpusCase) => [corpusCase.name, corpusCase] as const))(
    '%s',
    async (_name, corpusCase) => {
      await runCorpusCase(corpusCase);
    },
    120_000,
  );
});
