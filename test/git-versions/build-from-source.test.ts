import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { withDir } from 'tmp-promise';
import { describe, expect, it } from 'vitest';
import { buildFromSource } from '../../src/git-versions/build-from-source.js';

const hasBuildTools = (await Promise.all(['make', 'cc', 'tar'].map(async (tool) => !(await execa(tool, ['--version'], { reject: false })).failed))).every(
  Boolean,
);

// A stand-in source tarball: a `version` file and a Makefile whose `all` target runs recipe.
async function fakeTarball(dir: string, version: string, recipe: string): Promise<string> {
  const src = join(dir, `git-${version}`);
  await mkdir(src);
  await writeFile(join(src, 'version'), `${version}\n`);
  await writeFile(join(src, 'Makefile'), `all:\n\t${recipe}\ninstall:\n\tmkdir -p $(prefix)/bin && touch $(prefix)/bin/git\n`);
  const tarball = join(dir, `git_${version}.orig.tar.gz`);
  await execa('tar', ['-czf', tarball, '-C', dir, `git-${version}`]);
  return tarball;
}

describe.skipIf(!hasBuildTools)('buildFromSource', () => {
  it('counts compiled files in its progress lines and installs into the prefix', async () => {
    await withDir(
      async ({ path }) => {
        const tarball = await fakeTarball(path, '1.2.3', 'printf "    CC a.o\\n    CC b.o\\n    CC c.o\\n"');
        const lines: string[] = [];
        const logFile = join(path, 'build.log');
        await buildFromSource({ tarball, version: '1.2.3', prefix: join(path, 'prefix'), logFile, progressEvery: 2, onProgress: (line) => lines.push(line) });
        expect(lines.slice(1)).toEqual(['compiled 2 files', `compiled 3 files; installing into ${join(path, 'prefix')}`]);
        expect(await readFile(logFile, 'utf8')).toContain('    CC c.o');
        await expect(readFile(join(path, 'prefix', 'bin', 'git'), 'utf8')).resolves.toBe('');
      },
      { unsafeCleanup: true },
    );
  });

  it.each([
    { name: 'a tarball of another version', version: '9.0.0', code: 'VERSION_MISMATCH', message: /holds git 1\.2\.3, not 9\.0\.0$/ },
    { name: 'a failing make', version: '1.2.3', code: 'BUILD_FAILED', message: /^make all failed \(exit 2; last line: .*\); full output in / },
  ])('reports $name as $code', async ({ version, code, message }) => {
    await withDir(
      async ({ path }) => {
        const tarball = await fakeTarball(path, '1.2.3', 'echo boom && exit 3');
        const build = buildFromSource({ tarball, version, prefix: join(path, 'prefix'), logFile: join(path, 'build.log') });
        await expect(build).rejects.toMatchObject({ code });
        await expect(build).rejects.toThrow(message);
      },
      { unsafeCleanup: true },
    );
  });
});
