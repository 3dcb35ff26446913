import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGit } from '../../src/git/run-git.js';
import { SAFE_DIFF_ARGS, UNSAFE_ENV_KEYS, safeGitConfig, safeGitEnv } from '../../src/git/safe-config.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { runProcess } from '../../src/process/run-process.js';
import { testGit } from '../support/git.js';
import { appendConfig, HOSTILE_CASES, writeCanaryScripts, type HostileCase } from '../support/hostile-config.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function hashTree(root: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hashes.set(relative(root, full), entry.isFile() ? createHash('sha256').update(readFileSync(full)).digest('hex') : 'special');
    }
  };
  walk(root);
  return hashes;
}

const DATE = '2026-01-01T09:00:00Z';
let builtOnce: Promise<string> | undefined;

/** The repo every case starts from, built once per file: each case plants its setting in a copy (makeHostileRepo). */
function baseRepo(): Promise<string> {
  builtOnce ??= buildBaseRepo();
  return builtOnce;
}

async function buildBaseRepo(): Promise<string> {
  const git = await testGit();
  const root = mkdtempSync(join(tmpdir(), 'wtlab-safe-base-'));
  roots.push(root);
  const home = join(root, 'home');
  mkdirSync(home);
  const env = sealedEnv({ git, home, date: DATE });
  const repo = join(root, 'repo');
  mkdirSync(repo);
  const setup = async (args: readonly string[], input?: string) => {
    const result = await runGit(git, args, { cwd: repo, env, ...(input !== undefined ? { input } : {}) });
    if (result.exitCode !== 0) throw new Error(`setup git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout.trim();
  };
  await setup(['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, '.gitattributes'), '*.txt diff=evil filter=evil merge=evil\n');
  writeFileSync(join(repo, 'a.txt'), 'one\n');
  await setup(['add', '-A']);
  await setup(['commit', '-q', '-m', 'first']);
  await setup(['branch', 'side']);
  writeFileSync(join(repo, 'a.txt'), 'one\ntwo\n');
  await setup(['commit', '-q', '-am', 'second']);
  await setup(['switch', '-q', 'side']);
  writeFileSync(join(repo, 'a.txt'), 'one\nside\n');
  await setup(['commit', '-q', '-am', 'side']);
  await setup(['switch', '-q', 'main']);
  const tree = await setup(['rev-parse', 'HEAD^{tree}']);
  const head = await setup(['rev-parse', 'HEAD']);
  const signed = await setup(
    ['hash-object', '-t', 'commit', '-w', '--stdin'],
    [
      `tree ${tree}`,
      `parent ${head}`,
      'author A <a@example.com> 1767258000 +0000',
      'committer A <a@example.com> 1767258000 +0000',
      'gpgsig -----BEGIN PGP SIGNATURE-----',
      ' ',
      ' iQEzBAABCAAdFiEE',
      ' -----END PGP SIGNATURE-----',
      '',
      'signed',
      '',
    ].join('\n'),
  );
  await setup(['update-ref', 'refs/heads/signed', signed]);
  // Same content, new mtime: git must read the file (through any clean filter) to see it is unchanged.
  utimesSync(join(repo, 'a.txt'), new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
  writeFileSync(join(repo, 'notes.txt'), 'untracked\n');
  return repo;
}

/** A copy of the base repo (times kept, so a.txt keeps its new mtime) in a fresh root with its canary scripts, and the hostile setting planted in it. */
async function makeHostileRepo(hostile: HostileCase) {
  const [git, base] = await Promise.all([testGit(), baseRepo()]);
  const root = mkdtempSync(join(tmpdir(), 'wtlab-safe-'));
  roots.push(root);
  const home = join(root, 'home');
  mkdirSync(home);
  const canaryFile = join(root, 'CANARY');
  const { canary, passThrough } = writeCanaryScripts(root, canaryFile);
  const env = sealedEnv({ git, home, date: DATE });
  const repo = join(root, 'repo');
  cpSync(base, repo, { recursive: true, preserveTimestamps: true });
  await hostile.plant(repo, { canary, passThrough }, async (cwd, args) => {
    const result = await runGit(git, args, { cwd, env });
    if (result.exitCode !== 0) throw new Error(`plant: git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  });
  const envWithout = Object.fromEntries(Object.entries(env).filter(([key]) => !(hostile.withoutEnv ?? []).includes(key)));
  return { git, root, repo, canaryFile, env: envWithout };
}

/** The calls grading makes on a submission, each with the safe settings. */
function gradingCalls(root: string): readonly (readonly string[])[] {
  return [
    ['status', '--porcelain'],
    ['log', '-p', '--all'],
    ['log', '-p', '--all', ...SAFE_DIFF_ARGS],
    ['diff', 'HEAD~1', 'HEAD'],
    ['diff', ...SAFE_DIFF_ARGS, 'HEAD~1', 'HEAD'],
    // Not `git diff` against the work tree: it rewrites .git/index even with GIT_OPTIONAL_LOCKS=0.
    ['diff-files', '-p', ...SAFE_DIFF_ARGS],
    ['show', 'HEAD'],
    ['show', ...SAFE_DIFF_ARGS, 'HEAD'],
    ['for-each-ref'],
    ['worktree', 'list', '--porcelain'],
    ['cat-file', '-p', 'HEAD:a.txt'],
    ['archive', '-o', join(root, 'export.tar'), 'HEAD'],
    ['clone', '-q', '.', join(root, 'clone')],
  ];
}

describe('safeGitConfig: no program named by a submission runs while grading', () => {
  it.each(HOSTILE_CASES.map((hostile) => [hostile.item, hostile] as const))('%s', async (_item, hostile) => {
    const { git, root, repo, canaryFile, env } = await makeHostileRepo(hostile);
    const before = hashTree(repo);
    const config = await safeGitConfig(join(repo, '.git'), { git, env });
    const safeEnv = { ...env, ...safeGitEnv() };
    const writeCopy = join(root, 'write-copy');
    cpSync(repo, writeCopy, { recursive: true });
    for (const args of gradingCalls(root)) {
      await runGit(git, args, { cwd: repo, env: safeEnv, config, timeoutMs: 20_000 });
      expect(existsSync(canaryFile), `the canary appeared after git ${args.join(' ')}`).toBe(false);
    }
    const extract = await runProcess(['tar', '-x', '-f', join(root, 'export.tar'), '-C', root], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    expect(extract.exitCode).toBe(0);
    const copyConfig = await safeGitConfig(join(writeCopy, '.git'), { git, env });
    for (const args of hostile.triggers) {
      await runGit(git, args, {
        cwd: hostile.writes ? writeCopy : repo,
        env: safeEnv,
        config: hostile.writes ? copyConfig : config,
        timeoutMs: 20_000,
        ...(hostile.input ? { input: hostile.input } : {}),
      });
    }
    expect(existsSync(canaryFile), 'the canary appeared with the safe settings').toBe(false);
    expect(hashTree(repo)).toEqual(before);

    const controlCopy = join(root, 'control-copy');
    cpSync(repo, controlCopy, { recursive: true });
    for (const args of hostile.triggers) {
      await runGit(git, args, { cwd: hostile.writes ? controlCopy : repo, env, timeoutMs: 20_000, ...(hostile.input ? { input: hostile.input } : {}) });
    }
    expect(existsSync(canaryFile), 'control: without the safe settings the canary must appear, or this case proves nothing').toBe(true);
  });

  it('keeps the grading calls working on a clean repository', async () => {
    const { git, root, repo, env } = await makeHostileRepo({ item: 'none', plant: () => undefined, triggers: [] });
    const config = await safeGitConfig(join(repo, '.git'), { git, env });
    const safeEnv = { ...env, ...safeGitEnv() };
    const diff = await runGit(git, ['diff', ...SAFE_DIFF_ARGS, 'HEAD~1', 'HEAD'], { cwd: repo, env: safeEnv, config });
    expect(diff.exitCode).toBe(0);
    expect(diff.stdout).toContain('+two');
    const status = await runGit(git, ['status', '--porcelain'], { cwd: repo, env: safeEnv, config });
    expect(status.stdout).toBe('?? notes.txt\n');
    const clone = await runGit(git, ['clone', '-q', repo, join(root, 'clone')], { cwd: root, env: safeEnv, config });
    expect(clone.exitCode).toBe(0);
    expect(readFileSync(join(root, 'clone', 'a.txt'), 'utf8')).toBe('one\ntwo\n');
  });

  it('names drivers found in included files and never passes a program-running variable on', async () => {
    const hostile = HOSTILE_CASES.find((candidate) => candidate.item.startsWith('filter in an included file'));
    const { git, repo, env } = await makeHostileRepo(hostile!);
    const config = await safeGitConfig(join(repo, '.git'), { git, env });
    expect(config['filter.evil.clean']).toBe('');
    expect(config['filter.evil.smudge']).toBe('');
    expect(config['filter.evil.required']).toBe('false');
    const before = process.env.GIT_EXTERNAL_DIFF;
    process.env.GIT_EXTERNAL_DIFF = '/bin/false';
    try {
      const merged = { ...sealedEnv({ git, home: env.HOME ?? '/nonexistent' }), ...safeGitEnv() };
      expect(UNSAFE_ENV_KEYS.filter((key) => key in merged)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.GIT_EXTERNAL_DIFF;
      else process.env.GIT_EXTERNAL_DIFF = before;
    }
  });

  it('fails with a one-line UserError on a config file it cannot parse', async () => {
    const { git, repo, env } = await makeHostileRepo({ item: 'broken', plant: (dir) => appendConfig(dir, '[core\n\tbroken\n'), triggers: [] });
    await expect(safeGitConfig(join(repo, '.git'), { git, env })).rejects.toThrow(/config file .* cannot be read safely .*Check it with: git config --file/);
  });
});

/** Settings git itself never runs from a repository's config in our runner; if a git release changes that, these fail. */
const IGNORED_BY_GIT: readonly HostileCase[] = [
  {
    item: 'an alias named like a builtin',
    plant: (repo, s) => appendConfig(repo, `[alias]\n\tstatus = !${s.canary}\n\tlog = !${s.canary}\n`),
    triggers: [
      ['status', '--porcelain'],
      ['log', '-1'],
    ],
  },
  {
    item: 'uploadpack.packObjectsHook in the repository config',
    plant: (repo, s) => appendConfig(repo, `[uploadpack]\n\tpackObjectsHook = ${s.canary}\n`),
    triggers: [['clone', '-q', '--no-local', '.', '../no-local-clone']],
  },
  {
    item: 'core.pager and pager.log without a terminal',
    plant: (repo, s) => appendConfig(repo, `[core]\n\tpager = ${s.canary}\n[pager]\n\tlog = ${s.canary}\n`),
    triggers: [
      ['log', '-1'],
      ['-p', 'log', '-1'],
    ],
  },
];

describe('programs git never runs from a repository config here, even without the safe settings', () => {
  it.each(IGNORED_BY_GIT.map((hostile) => [hostile.item, hostile] as const))('%s', async (_item, hostile) => {
    const { git, repo, canaryFile, env } = await makeHostileRepo(hostile);
    const withoutPager = Object.fromEntries(Object.entries(env).filter(([key]) => key !== 'GIT_PAGER' && key !== 'PAGER'));
    for (const args of hostile.triggers) {
      const result = await runGit(git, args, { cwd: repo, env: withoutPager, timeoutMs: 20_000 });
      expect(result.exitCode, `git ${args.join(' ')}: ${result.stderr}`).toBe(0);
    }
    expect(existsSync(canaryFile)).toBe(false);
  });
});
