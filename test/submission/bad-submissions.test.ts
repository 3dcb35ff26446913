import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/user-error.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { openSubmission } from '../../src/submission/open-submission.js';
import { wtlab } from '../support/cli.js';
import { testGit } from '../support/git.js';

const root = mkdtempSync(join(tmpdir(), 'wtlab-bad-'));
const at = (name: string) => join(root, name);

beforeAll(async () => {
  const git = await testGit();
  mkdirSync(at('plain-folder'));
  mkdirSync(at('empty-repo'));
  mkdirSync(at('home'));
  await runGit(git, ['init', '-q', '-b', 'main'], { cwd: at('empty-repo'), env: sealedEnv({ git, home: at('home') }) });
  writeFileSync(at('garbage.tar.gz'), 'this is not gzip data at all\n');
  writeFileSync(at('garbage.zip'), 'PK but not really a zip\n');
  writeFileSync(at('garbage.bundle'), 'not a bundle\n');
  // yauzl's own message for it ends with a period: "... or file is truncated."
  writeFileSync(at('truncated.zip'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
  // An archive whose entry climbs out with ..; GNU tar keeps the name with -P.
  mkdirSync(at('src/inner'), { recursive: true });
  writeFileSync(at('src/evil'), 'x\n');
  execFileSync('tar', ['-cPf', at('climbs.tar'), '../evil'], { cwd: at('src/inner') });
  // An archive with a symlink that points outside.
  mkdirSync(at('linky/tasks-app'), { recursive: true });
  symlinkSync('/etc/passwd', at('linky/tasks-app/passwd'));
  await create({ file: at('link-out.tgz'), gzip: true, cwd: at('linky') }, ['tasks-app']);
  // A zip with a ../ entry, written by Python's zipfile (it keeps the name as given).
  execFileSync('python3', ['-c', `import zipfile; z = zipfile.ZipFile(${JSON.stringify(at('climbs.zip'))}, 'w'); z.writestr('../evil.txt', 'x'); z.close()`]);
  // An archive with no repository inside.
  mkdirSync(at('norepo/stuff'), { recursive: true });
  writeFileSync(at('norepo/stuff/readme.txt'), 'hello\n');
  await create({ file: at('norepo.tar'), cwd: at('norepo') }, ['stuff']);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('wtlab grade refuses what it cannot grade with one line and exit 2', () => {
  it.each([
    ['a folder that is not a repo', () => at('plain-folder'), /^wtlab: .*plain-folder is not inside a git repository\. .*wtlab grade/],
    ['an empty repo', () => at('empty-repo'), /^wtlab: .*empty-repo has no commits yet\. Commit the start snapshot first/],
    ['a missing path', () => at('nowhere'), /^wtlab: .*nowhere does not exist\./],
    ['an unreadable .tar.gz', () => at('garbage.tar.gz'), /^wtlab: cannot read archive .*garbage\.tar\.gz/],
    ['an unreadable .zip', () => at('garbage.zip'), /^wtlab: cannot read archive .*garbage\.zip/],
    [
      'a truncated .zip, with one period after its reason',
      () => at('truncated.zip'),
      /^wtlab: cannot read archive .*truncated\.zip: [^\n]*[^.]\. Check that it is a zip file\.$/m,
    ],
    ['an empty argument, named as such', () => '', /^wtlab: the submission argument is empty \(''\)\. Pass the tasks-app folder/],
    ['an unreadable .bundle', () => at('garbage.bundle'), /^wtlab: cannot clone .*garbage\.bundle/],
    ['a tar entry with ..', () => at('climbs.tar'), /^wtlab: archive .*climbs\.tar has an unsafe entry "\.\.\/evil": it climbs out with \.\./],
    [
      'a symlink to an absolute path',
      () => at('link-out.tgz'),
      /^wtlab: archive .* has an unsafe entry "tasks-app\/passwd": it links to the absolute path \/etc\/passwd/,
    ],
    ['a zip entry with ..', () => at('climbs.zip'), /^wtlab: archive .*climbs\.zip has an unsafe entry "\.\.\/evil\.txt": invalid relative path/],
    ['an archive without a repository', () => at('norepo.tar'), /^wtlab: archive .*norepo\.tar holds no git repository/],
  ])('%s', async (_label, source, message) => {
    const run = await wtlab(['grade', source(), '--format', 'json']);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
    expect(run.exitCode).toBe(2);
  });

  it('nothing was unpacked outside the temp folder', () => {
    expect(() => execFileSync('test', ['-e', join(root, '..', 'evil')])).toThrow();
    expect(() => execFileSync('test', ['-e', join(tmpdir(), 'evil.txt')])).toThrow();
  });

  it('refuses an archive over the entry limit, naming the entry where it stopped', async () => {
    const git = await testGit();
    await expect(openSubmission(at('link-out.tgz'), { git, limits: { maxEntries: 1, maxBytes: 1e9 } })).rejects.toThrow(UserError);
    await expect(openSubmission(at('norepo.tar'), { git, limits: { maxEntries: 1, maxBytes: 1e9 } })).rejects.toThrow(
      /more than 1 entries \(at "stuff\/readme\.txt"\)/,
    );
  });
});
