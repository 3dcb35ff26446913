import { formatCommand } from '../../src/process/command-result.js';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findUnreadableObject } from '../../src/evidence/unreadable-object.js';
import { fixturesDir } from '../../src/paths/package-root.js';
import { WTLAB } from '../support/cli.js';

let root = '';
let repo = '';
let blob = '';
const git = (args: readonly string[]) =>
  execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: root } }).trim();

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'wtlab-unreadable-'));
  repo = join(root, 'tasks-app');
  cpSync(join(fixturesDir(), 'lab', 'start'), repo, { recursive: true });
  git(['init', '-q', '-b', 'main']);
  git(['add', '-A']);
  git(['-c', 'user.name=Ana', '-c', 'user.email=ana@example.org', 'commit', '-q', '-m', 'start']);
  blob = git(['rev-parse', 'HEAD:cli.py']);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('finds an object named in a message whose file is there but cannot be read, and no other', async () => {
  const objects = join(root, 'fake-objects');
  // A folder where the object file should be: unreadable even for root (EISDIR).
  mkdirSync(join(objects, 'ab', `${'c'.repeat(38)}`), { recursive: true });
  const oid = `ab${'c'.repeat(38)}`;
  expect(await findUnreadableObject(`fatal: unable to read ${oid}`, objects)).toEqual({ oid, path: join(objects, 'ab', 'c'.repeat(38)), code: 'EISDIR' });
  expect(await findUnreadableObject(`fatal: unable to read ${'d'.repeat(40)}`, objects)).toBeUndefined();
  expect(await findUnreadableObject(`fatal: unable to read ${blob}`, join(repo, '.git', 'objects'))).toBeUndefined();
});

// Root reads a mode-000 file: the grade runs as nobody there (runuser), or as this user when it is not root.
const asRoot = process.getuid?.() === 0;
const canDrop = asRoot && spawnSync('runuser', ['-u', 'nobody', '--', 'true']).status === 0;
it.runIf(!asRoot || canDrop)(
  'wtlab grade names an unreadable object file as unreadable, not as a damaged repository',
  () => {
    chmodSync(root, 0o755);
    execFileSync('chmod', ['-R', 'a+rX', root]);
    const file = join(repo, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
    chmodSync(file, 0o000);
    const command = ['node', WTLAB, 'grade', repo, '--format', 'json'];
    const run = asRoot
      ? spawnSync('runuser', ['-u', 'nobody', '--', 'env', `HOME=${root}`, `PATH=${process.env.PATH ?? ''}`, ...command], { encoding: 'utf8', cwd: root })
      : spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8', cwd: root });
    // The git dir check refuses it before git runs, by the rule every unreadable git dir entry follows (check-git-dir-files).
    const line = run.stderr.split('\n').find((text) => text.startsWith('wtlab: '));
    expect({ status: run.status, line }).toEqual({
      status: 2,
      line: `wtlab: ${file} cannot be read by this user (uid ${asRoot ? 65534 : process.getuid?.()}, EACCES), and grading without it could pass a check it should fail. Make it readable (chmod -R a+rX ${formatCommand([join(repo, '.git')])}) or grade as its owner`,
    });
  },
  60_000,
);
