import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { wtlab } from '../helpers/cli.js';
import { testGit } from '../helpers/git.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-shallow-'));
const at = (name: string) => join(root, name);

beforeAll(async () => {
  const git = await testGit();
  const env = sealedEnv({ git, home: at('home') });
  mkdirSync(at('home'));
  mkdirSync(at('full'));
  const inFull = (args: readonly string[]) => runGit(git, args, { cwd: at('full'), env });
  await inFull(['init', '-q', '-b', 'main']);
  // The lab's app entry point: a repository with none is refused as not the lab's app.
  writeFileSync(at('full/cli.py'), 'print("tasks")\n');
  for (const n of [1, 2, 3]) {
    writeFileSync(at(`full/file${n}.txt`), `${n}\n`);
    await inFull(['add', '-A']);
    await inFull(['commit', '-q', '-m', `commit ${n}`]);
  }
  await inFull(['branch', 'feature/wipe', 'HEAD~1']);
  // What actions/checkout does by default: one commit of history.
  const cloned = await runGit(git, ['clone', '-q', '--depth', '1', `file://${at('full')}`, at('shallow')], { cwd: root, env });
  expect(cloned.exitCode, cloned.stderr).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

it.each([
  ['a shallow checkout folder', () => at('shallow')],
  ['a URL of a shallow repository', () => `file://${at('shallow')}`],
])('%s exits 2 with one line asking for the whole history (fetch-depth: 0)', async (_label, source) => {
  const run = await wtlab(['grade', source(), '--format', 'json']);
  expect(run.exitCode).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^wtlab: .* is a shallow clone .*fetch --unshallow .*fetch-depth: 0/);
});

it('the full repository it came from is graded (exit 0 or 1, never 2)', async () => {
  const run = await wtlab(['grade', at('full'), '--format', 'json']);
  expect([0, 1]).toContain(run.exitCode);
});
