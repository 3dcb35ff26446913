import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/**
 * FIFOs where git opens files that no list of names foresaw: object stores, commit-graph chains, rebase, bisect
 * and sequencer state, split indexes, a linked worktree's own state, and a folder the git dir links to. Before the
 * whole git dir was walked, each held a git call for its full 60 s.
 */
const ANYWHERE_IN_GIT_DIR: readonly (readonly [string, string])[] = [
  ['a commit-graph chain', 'objects/info/commit-graphs/commit-graph-chain'],
  ['a pack index', 'objects/pack/pack-0000000000000000000000000000000000000000.idx'],
  ['a loose object', 'objects/aa/0000000000000000000000000000000000000a'],
  ["a rebase's head-name", 'rebase-merge/head-name'],
  ['a bisect log', 'BISECT_LOG'],
  ["the sequencer's todo", 'sequencer/todo'],
  ['a split index', 'sharedindex.0000000000000000000000000000000000000000'],
  ["a linked worktree's AUTO_MERGE", 'worktrees/tasks-app-wipe/AUTO_MERGE'],
  ["a linked worktree's rebase state", 'worktrees/tasks-app-wipe/rebase-apply/head-name'],
  ['a folder the git dir links to', 'rebase-merge -> ../../elsewhere/state'],
];

const FIFOS_IN_GIT_DIR: readonly CorpusCase[] = ANYWHERE_IN_GIT_DIR.map(([what, where]) => ({
  name: `${what} as a FIFO (.git/${where.split(' ')[0]})`,
  via: 'library',
  build: async (kit) => {
    const repo = await kit.startRepo('tasks-app');
    await kit.gitIn(repo, ['worktree', 'add', '-q', join(kit.dir, 'tasks-app-wipe'), '-b', 'feature/wipe']);
    const [inside = '', linkedTo] = where.split(' -> ');
    if (linkedTo === undefined) {
      mkdirSync(dirname(join(repo, '.git', inside)), { recursive: true });
      mkfifo(join(repo, '.git', inside));
    } else {
      mkdirSync(join(repo, '.git', linkedTo), { recursive: true });
      mkfifo(join(repo, '.git', linkedTo, 'head-name'));
      symlinkSync(linkedTo, join(repo, '.git', inside));
    }
    return { source: repo, watch: kit.dir };
  },
  expected: { exit: 2, stderr: /is a FIFO \(named pipe\), not a regular file: git would wait on it/ },
}));

const LINKS_UP: readonly CorpusCase[] = [
  ['/', /\.git\/up is a link to \/, not a regular file/],
  ['..', /\.git\/up links to .*tasks-app, a folder that holds the git dir itself/],
].map(([target, stderr]) => ({
  name: `a link in the git dir up to ${String(target)} is refused, not walked`,
  via: 'library',
  build: async (kit) => {
    const repo = await kit.startRepo('tasks-app');
    symlinkSync(String(target), join(repo, '.git', 'up'));
    return { source: repo };
  },
  expected: { exit: 2, stderr: stderr as RegExp },
}));

describe.concurrent('no input hangs grading: FIFOs, devices and /proc are refused or never read', () => {
  it.each([...CASES, ...FIFOS_IN_GIT_DIR, ...LINKS_UP].map((corpusCase) => [corpusCase.name, corpusCase] as const))(
    '%s',
    async (_name, corpusCase) => {
      await runCorpusCase(corpusCase);
    },
    120_000,
  );
});
