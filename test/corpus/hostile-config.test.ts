import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeKit, removeCorpusFolders, runCorpusCase, type CorpusCase, type Kit } from '../support/corpus.js';
import { copyWorkFolder } from '../../src/sandbox/copy-work-folder.js';
import { appendConfig, hook, HOSTILE_CASES, writeCanaryScripts, type CanaryScripts } from '../support/hostile-config.js';

afterAll(removeCorpusFolders);

const LATER = new Date('2030-01-01T00:00:00Z');

/** A start repo with text files under every driver name, a second commit and a live linked worktree, built once per file in its own kit. */
let template: Promise<string> | undefined;

function hostileTemplate(): Promise<string> {
  template ??= (async () => {
    const kit = await makeKit('hostile-template');
    const repo = await kit.startRepo('tasks-app', { files: { '.gitattributes': '*.txt diff=evil filter=evil merge=evil\n', 'a.txt': 'one\n' } });
    await kit.gitIn(repo, ['branch', 'side']);
    writeFileSync(join(repo, 'a.txt'), 'one\ntwo\n');
    await kit.gitIn(repo, ['commit', '-q', '-am', 'second']);
    await kit.gitIn(repo, ['worktree', 'add', '-q', '-b', 'feature/wipe', join(kit.dir, 'tasks-app-wipe')]);
    // Same content, new mtime: git status must read the file (through any clean filter) to see it is unchanged.
    utimesSync(join(repo, 'a.txt'), LATER, LATER);
    utimesSync(join(kit.dir, 'tasks-app-wipe', 'a.txt'), LATER, LATER);
    return kit.dir;
  })();
  return template;
}

/**
 * The hostile base in this kit: a copy of the template (the linked worktree relinked to the copy; file times kept, so
 * git status still reads the files), with the canary scripts outside it.
 */
async function hostileBase(kit: Kit): Promise<{ repo: string; scripts: CanaryScripts }> {
  await copyWorkFolder({ from: await hostileTemplate(), to: kit.dir });
  return { repo: join(kit.dir, 'tasks-app'), scripts: writeCanaryScripts(dirname(kit.dir), kit.canaryFile) };
}

const FROM_SAFE_CONFIG: readonly CorpusCase[] = HOSTILE_CASES.map((hostile) => ({
  name: `hostile config: ${hostile.item}`,
  via: 'library',
  build: async (kit) => {
    const { repo, scripts } = await hostileBase(kit);
    await hostile.plant(repo, scripts, (cwd, args) => kit.gitIn(cwd, args));
    return { source: repo, watch: kit.dir };
  },
  expected: { exit: 1 },
}));

/** Plants a clean filter and an fsmonitor in the linked worktree's own `config.worktree` only. */
async function plantWorktreeConfig(kit: Kit): Promise<string> {
  const { repo, scripts } = await hostileBase(kit);
  await kit.gitIn(repo, ['config', 'extensions.worktreeConfig', 'true']);
  await kit.gitIn(join(kit.dir, 'tasks-app-wipe'), ['config', '--worktree', 'filter.evil.clean', scripts.passThrough]);
  await kit.gitIn(join(kit.dir, 'tasks-app-wipe'), ['config', '--worktree', 'core.fsmonitor', scripts.canary]);
  return repo;
}

/** Drivers whose name holds "=": git splits `-c filter.x=y.clean=` at its first "=", so no `-c` setting can switch them off. */
const NAMES_WITH_EQUALS: readonly CorpusCase[] = (['filter', 'diff'] as const).map((kind) => ({
  name: `hostile config: a ${kind} driver named "x=y" is refused, never run`,
  via: 'library',
  build: async (kit) => {
    const { repo, scripts } = await hostileBase(kit);
    writeFileSync(join(repo, '.gitattributes'), `*.txt ${kind}=x=y\n`);
    await kit.gitIn(repo, ['commit', '-q', '-am', 'attributes naming x=y']);
    await kit.gitIn(join(kit.dir, 'tasks-app-wipe'), ['checkout', '-q', 'main', '--', '.gitattributes']);
    appendConfig(
      repo,
      `[${kind} "x=y"]\n\tclean = ${scripts.passThrough}\n\tsmudge = ${scripts.passThrough}\n\ttextconv = ${scripts.passThrough}\n\tcommand = ${scripts.canary}\n`,
    );
    utimesSync(join(kit.dir, 'tasks-app-wipe', 'a.txt'), new Date('2031-01-01T00:00:00Z'), new Date('2031-01-01T00:00:00Z'));
    return { source: repo, watch: kit.dir };
  },
  expected: { exit: 2, stderr: new RegExp(`names a ${kind} driver whose name holds "=" \\("x=y"\\), which wtlab cannot switch off`) },
}));

const MORE: readonly CorpusCase[] = [
  {
    name: "hostile config: a filter in a linked worktree's config.worktree",
    via: 'library',
    build: async (kit) => ({ source: await plantWorktreeConfig(kit), watch: kit.dir }),
    expected: { exit: 1 },
  },
  {
    name: 'hostile config: a bare repo with hooks, fsmonitor, upload-pack and filters, cloned to grade',
    via: 'library',
    build: async (kit) => {
      const { repo, scripts } = await hostileBase(kit);
      const bare = join(kit.dir, 'tasks-app.git');
      await kit.gitIn(kit.dir, ['clone', '-q', '--bare', repo, bare]);
      for (const name of ['pre-upload-pack', 'post-checkout', 'reference-transaction', 'post-update', 'pre-receive'])
        hook(join(bare, 'hooks'), name, scripts.canary);
      writeFileSync(
        join(bare, 'config'),
        `[core]\n\trepositoryformatversion = 0\n\tbare = true\n\tfsmonitor = ${scripts.canary}\n[uploadpack]\n\tpackObjectsHook = ${scripts.canary}\n[filter "evil"]\n\tsmudge = ${scripts.passThrough}\n[core]\n\tsshCommand = ${scripts.canary}\n`,
      );
      return { source: bare, watch: kit.dir };
    },
    expected: { exit: 1 },
  },
  {
    name: 'hostile config: a file:// URL whose repo has a submodule at an ext:: URL (never recursed)',
    via: 'library',
    build: async (kit) => {
      const { repo, scripts } = await hostileBase(kit);
      writeFileSync(join(repo, '.gitmodules'), `[submodule "evil"]\n\tpath = evil\n\turl = ext::${scripts.canary}\n`);
      await kit.gitIn(repo, ['add', '.gitmodules']);
      await kit.gitIn(repo, ['commit', '-q', '-m', 'a submodule at ext::']);
      return { source: `file://${repo}`, watch: kit.dir };
    },
    expected: { exit: 1 },
  },
  {
    name: 'hostile source: an ext:: "URL" is never run as a command',
    build: async (kit) => {
      const { scripts } = await hostileBase(kit);
      return { source: `ext::${scripts.canary}`, watch: kit.dir };
    },
    expected: { exit: 2, stderr: /does not exist/ },
  },
  {
    name: 'hostile source: an ext:: URL in a scheme form is refused',
    build: async (kit) => {
      const { scripts } = await hostileBase(kit);
      mkdirSync(join(kit.dir, 'x'));
      return { source: `ext://${scripts.canary}`, watch: kit.dir };
    },
    expected: { exit: 2, stderr: /wtlab clones only https, http, ssh, git and local paths, not ext/ },
  },
];

describe('control: a planted config.worktree is live', () => {
  it('plain git status in that worktree, without the safe settings, sets the canary off', async () => {
    const kit = await makeKit('control-worktree-config');
    await plantWorktreeConfig(kit);
    await kit.gitIn(join(kit.dir, 'tasks-app-wipe'), ['status', '--porcelain']).catch(() => '');
    expect(existsSync(kit.canaryFile)).toBe(true);
  });
});

describe.concurrent('corpus: hostile configuration, graded: no program the submission names ever runs', () => {
  it.each([...FROM_SAFE_CONFIG, ...MORE, ...NAMES_WITH_EQUALS].map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s', async (_name, corpusCase) => {
    await runCorpusCase(corpusCase);
  });
});
