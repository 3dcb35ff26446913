import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkStatus, removeCorpusFolders, runCorpusCase, type CorpusCase, type Kit } from '../support/corpus.js';
import { appendConfig, writeCanaryScripts } from '../support/hostile-config.js';

afterAll(removeCorpusFolders);

const FUTURE = new Date('2031-01-01T00:00:00Z');

/** A start repo whose own config names a filter on every .py file (a canary), and whose files look changed to git. */
async function repoWithFilter(kit: Kit): Promise<string> {
  const scripts = writeCanaryScripts(kit.dir, kit.canaryFile);
  const repo = await kit.startRepo('tasks-app', { files: { '.gitattributes': '*.py filter=evil\n' } });
  appendConfig(repo, `[filter "evil"]\n\tclean = ${scripts.passThrough}\n\tsmudge = ${scripts.passThrough}\n[core]\n\tfsmonitor = ${scripts.canary}\n`);
  // A newer mtime makes git status re-read the files, and so run a clean filter it was not told to skip.
  for (const file of ['cli.py', 'tasks.py']) utimesSync(join(repo, file), FUTURE, FUTURE);
  return repo;
}

/** Another repository on the machine whose config runs the canary too. */
async function evilRepo(kit: Kit): Promise<string> {
  const scripts = writeCanaryScripts(kit.dir, kit.canaryFile);
  const evil = await kit.startRepo('evil');
  appendConfig(evil, `[core]\n\tfsmonitor = ${scripts.canary}\n[filter "other"]\n\tclean = ${scripts.passThrough}\n`);
  return evil;
}

const CASES: readonly CorpusCase[] = [
  {
    name: 'an empty folder at .git/.git is not taken for the git dir (the real config, with its filter, is the one switched off)',
    build: async (kit) => {
      const repo = await repoWithFilter(kit);
      mkdirSync(join(repo, '.git', '.git'));
      return { source: repo };
    },
    expected: { exit: 1, report: (report) => expect(checkStatus(report, 'merged', 'app-runs')).toBe('pass') },
  },
  {
    name: 'a gitdir: file at .git/.git pointing at another repository is not followed',
    build: async (kit) => {
      const repo = await repoWithFilter(kit);
      const evil = await evilRepo(kit);
      writeFileSync(join(repo, '.git', '.git'), `gitdir: ${join(evil, '.git')}\n`);
      return { source: repo, watch: kit.dir };
    },
    expected: { exit: 1, report: (report) => expect(report.submission).toMatch(/tasks-app$/) },
  },
  {
    name: 'a worktree record whose gitdir points at a nested repository inside .git (with its own filter) is not run in',
    build: async (kit) => {
      const scripts = writeCanaryScripts(kit.dir, kit.canaryFile);
      const repo = await kit.startRepo('tasks-app');
      const nested = join(repo, '.git', 'nested');
      mkdirSync(nested);
      await kit.gitIn(nested, ['init', '-q', '-b', 'main']);
      writeFileSync(join(nested, '.gitattributes'), '* filter=evil\n');
      writeFileSync(join(nested, 'data.txt'), 'data\n');
      await kit.gitIn(nested, ['add', '-A']);
      await kit.gitIn(nested, ['commit', '-q', '-m', 'nested']);
      appendConfig(nested, `[filter "evil"]\n\tclean = ${scripts.passThrough}\n[core]\n\tfsmonitor = ${scripts.canary}\n`);
      utimesSync(join(nested, 'data.txt'), FUTURE, FUTURE);
      const record = join(repo, '.git', 'worktrees', 'evil');
      mkdirSync(record, { recursive: true });
      writeFileSync(join(record, 'HEAD'), 'ref: refs/heads/main\n');
      writeFileSync(join(record, 'commondir'), '../..\n');
      writeFileSync(join(record, 'gitdir'), `${join(nested, '.git')}\n`);
      return { source: repo };
    },
    expected: {
      exit: 1,
      // The record is seen, but git is never run in it: whether work was lost there is unknown, not a pass.
      report: (report) => expect(checkStatus(report, 'cleaned-up', 'only-main-worktree')).toBe('fail'),
    },
  },
  {
    name: "include.path = ~user/../abs/evil.cfg (a file in another user's home, as git would expand it) is refused, not followed",
    build: async (kit) => {
      const scripts = writeCanaryScripts(kit.dir, kit.canaryFile);
      const repo = await kit.startRepo('tasks-app');
      const evilCfg = join(kit.dir, 'evil.cfg');
      writeFileSync(evilCfg, `[core]\n\tfsmonitor = ${scripts.canary}\n[filter "evil"]\n\tclean = ${scripts.passThrough}\n`);
      appendConfig(repo, `[include]\n\tpath = ~root/..${evilCfg}\n`);
      writeFileSync(join(repo, '.gitattributes'), '*.py filter=evil\n');
      // Control: git itself expands ~root and reads the file, so the include is a real way in.
      expect((await kit.gitIn(repo, ['config', '--get', 'core.fsmonitor'])).trim()).toBe(scripts.canary);
      return { source: repo };
    },
    expected: {
      exit: 2,
      stderr:
        /includes "~root\/\.\..*evil\.cfg", a path in another user's home: git would read that file, and wtlab does not follow it\. Remove that include from .*\.git\/config/,
    },
  },
  {
    name: 'a .git file holding something other than a gitdir: line is refused as git refuses it',
    build: async (kit) => {
      const folder = join(kit.dir, 'tasks-app');
      mkdirSync(folder);
      writeFileSync(join(folder, 'cli.py'), 'print("hi")\n');
      writeFileSync(join(folder, '.git'), 'not a pointer\n');
      return { source: folder };
    },
    expected: { exit: 2, stderr: /has a \.git that git would not use: .*is a file but not a `gitdir: PATH` pointer/ },
  },
];

describe.concurrent('git only sees the repository wtlab picked (canary filters, fsmonitor and hooks never run)', () => {
  it.each(CASES.map((corpusCase) => [corpusCase.name, corpusCase] as const))(
    '%s',
    async (_name, corpusCase) => {
      await runCorpusCase(corpusCase);
    },
    120_000,
  );
});
