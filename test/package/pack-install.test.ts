import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { execa } from 'execa';
import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/paths/package-root.js';
import { packedName } from '../../src/paths/packed-names.js';
import { registryEnv } from '../setup/node-ca-certs.js';

/**
 * The package as a learner gets it: `npm pack` (of what `npm test` built), installed into an empty folder from the
 * tarball and the npm cache, then each command run from there. Needs `npm run build` first (npm test does it).
 */

interface PackedFile {
  readonly path: string;
  readonly size: number;
}

let root = '';
let tarball = '';
let packed: readonly PackedFile[] = [];
let installed = '';
let install: { exitCode: number; stderr: string } = { exitCode: -1, stderr: '' };

/** Installs the tarball offline from the npm cache; where the cache lacks a package's metadata, once more allowing the registry. */
async function installTarball(folder: string): Promise<{ exitCode: number; stderr: string }> {
  const args = ['install', '--no-audit', '--no-fund', '--no-update-notifier', tarball];
  const offline = await execa('npm', [...args, '--offline'], { cwd: folder, reject: false });
  if (offline.exitCode === 0 || !/ENOTCACHED/.test(String(offline.stderr))) return { exitCode: offline.exitCode ?? -1, stderr: String(offline.stderr) };
  const online = await execa('npm', [...args, '--prefer-offline'], { cwd: folder, reject: false, env: registryEnv() });
  return { exitCode: online.exitCode ?? -1, stderr: String(online.stderr) };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'wtlab-pack-'));
  // The build already ran (npm test): pack what it made, without running prepack again under other tests' feet.
  const pack = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', root], { cwd: packageRoot() });
  const [result] = JSON.parse(String(pack.stdout)) as { filename: string; files: PackedFile[] }[];
  if (result === undefined) throw new Error('npm pack printed no result');
  tarball = join(root, result.filename);
  packed = result.files;
  installed = join(root, 'empty-folder');
  mkdirSync(installed);
  writeFileSync(join(installed, 'package.json'), `${JSON.stringify({ name: 'trying-wtlab', version: '1.0.0', private: true }, null, 2)}\n`);
  install = await installTarball(installed);
}, 300_000);

afterAll(() => {
  if (root !== '') rmSync(root, { recursive: true, force: true });
});

function wtlabThere(args: readonly string[], cwd = installed) {
  return execa(join(installed, 'node_modules', '.bin', 'wtlab'), args, { cwd, reject: false, env: { NO_COLOR: '1' } });
}

describe('the packed tarball', () => {
  it('carries only what runs: the bin, the bundle without source maps, the fixtures', () => {
    const paths = packed.map((file) => file.path);
    expect(paths).toContain('bin/wtlab.js');
    expect(paths).toContain('dist/bundle/main.js');
    expect(paths.filter((path) => path.endsWith('.map'))).toEqual([]);
    expect(
      paths.filter(
        (path) =>
          !['bin/', 'dist/bundle/', 'dist/fixtures/'].some((prefix) => path.startsWith(prefix)) && !['package.json', 'README.md', 'LICENSE'].includes(path),
      ),
    ).toEqual([]);
    expect(packed.reduce((sum, file) => sum + file.size, 0)).toBeLessThan(1_200_000);
  });

  it('ships every tracked fixture, each .gitignore under a name npm keeps', async () => {
    const tracked = (await simpleGit(packageRoot()).raw(['ls-files', '-z', '--', 'fixtures'])).split('\0').filter(Boolean);
    expect(tracked.some((path) => posix.basename(path) === '.gitignore')).toBe(true);
    const expected = tracked.map((path) => posix.join('dist', posix.dirname(path), packedName(posix.basename(path))));
    const paths = new Set(packed.map((file) => file.path));
    expect(expected.filter((path) => !paths.has(path))).toEqual([]);
  });

  it('installs into an empty folder with no warning', () => {
    expect(install.exitCode, install.stderr).toBe(0);
    expect(install.stderr).not.toMatch(/npm warn/i);
  });

  it('runs demo there: the whole lab, graded 100/100', async () => {
    const run = await wtlabThere(['demo']);
    expect(run.exitCode, String(run.stderr)).toBe(0);
    expect(String(run.stdout)).toContain('Score: 100/100');
  }, 180_000);

  it('runs scenarios, quiz and grade there', async () => {
    const scenarios = await wtlabThere(['scenarios', 'same-branch-refused']);
    expect(scenarios.exitCode, String(scenarios.stdout)).toBe(0);
    const quiz = await wtlabThere(['quiz', '--print']);
    expect(quiz.exitCode, String(quiz.stderr)).toBe(0);
    expect(String(quiz.stdout)).toContain('per-worktree');
    const grade = await wtlabThere(['grade', installed, '--format', 'json']);
    expect(grade.exitCode).toBe(2);
    expect(String(grade.stderr)).toMatch(/^wtlab: .* is not inside a git repository\./);
  }, 180_000);
});
