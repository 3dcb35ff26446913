import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { labTo } from '../support/lab-variants.js';
import { gatherEvidence } from '../../src/evidence/gather-evidence.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import { openSubmission } from '../../src/submission/open-submission.js';
import { craftTar, type TarEntry } from '../support/craft-archive.js';
import { checkStatus, makeKit, removeCorpusFolders, runCorpusCase, type Kit } from '../support/corpus.js';
import { testGit } from '../support/git.js';
import { buildRepo } from '../support/build-repo.js';
import { lab } from '../../lab/index.js';

afterAll(removeCorpusFolders);

/** Every commit reachable from any ref, with its parents, as git itself lists them. */
async function truth(kit: Kit, repo: string): Promise<Map<string, string[]>> {
  const listed = await kit.gitIn(repo, ['rev-list', '--parents', '--all']);
  return new Map(
    listed
      .trim()
      .split('\n')
      .map((line) => {
        const [hash = '', ...parents] = line.split(' ');
        return [hash, parents];
      }),
  );
}

async function evidenceOf(repo: string) {
  const git = await testGit();
  const opened = await openSubmission(repo, { git });
  try {
    return await gatherEvidence(opened, { git, ...lab.evidence });
  } finally {
    await opened.close();
  }
}

describe('evidence that lies is not believed', () => {
  it('an archive whose .git climbs out through a chain of its own links does not grade another repository', async () => {
    await runCorpusCase({
      name: 'chain of links out of the archive',
      build: async (kit) => {
        const victim = await kit.startRepo('victim');
        const entries: TarEntry[] = [
          { name: 'tasks-app/', type: '5' },
          { name: 'tasks-app/cli.py', type: '0', data: 'print("hi")\n' },
          { name: 'tasks-app/l1', type: '2', linkname: '.' },
        ];
        // Each link climbs one folder more than the one before it, though each one's text stays inside.
        for (let level = 2; level <= 30; level += 1) entries.push({ name: `tasks-app/l${level}`, type: '2', linkname: `l${level - 1}/..` });
        entries.push({ name: 'tasks-app/.git', type: '2', linkname: `l30${join(victim, '.git')}` });
        const archive = join(kit.dir, 'tasks-app.tar');
        writeFileSync(archive, craftTar(entries));
        return { source: archive, watch: kit.dir };
      },
      expected: { exit: 2, stderr: /unsafe entry "tasks-app\/l3": it links outside the archive through other links/ },
    });
  }, 120_000);

  it("a committed file holding the log's separators neither adds commits nor rewrites parents", async () => {
    const kit = await makeKit('forged log');
    const repo = await kit.startRepo('tasks-app');
    const root = (await kit.gitIn(repo, ['rev-parse', 'HEAD'])).trim();
    const fake = 'f'.repeat(40);
    const forged = [
      `\x1e${root}\x1f${fake}\x1f1\x1f1\x1fforged in the old framing`,
      `\x01${root} 1 1 ${fake}\x02forged in the new framing`,
      `:000000 100644 ${'0'.repeat(40)} ${fake} A\tcli.py`,
      '@@ -0,0 +1,500 @@',
    ].join('\n');
    writeFileSync(join(repo, 'notes.txt'), `${forged}\n`);
    await kit.gitIn(repo, ['add', 'notes.txt']);
    await kit.gitIn(repo, ['commit', '-q', '-m', `second \x1e${fake}`]);
    const evidence = await evidenceOf(repo);
    const expected = await truth(kit, repo);
    expect(evidence.commits.length).toBe(expected.size);
    for (const commit of evidence.commits) expect(commit.parents, commit.hash).toEqual(expected.get(commit.hash));
    expect(evidence.commits.find((commit) => commit.hash !== root)?.files).toEqual([{ status: 'A', path: 'notes.txt' }]);
  }, 120_000);

  it('a Latin-1 cli.py shifts no offset: the committed quiz file after it is still read', async () => {
    const kit = await makeKit('latin-1 cli');
    const repo = await kit.startRepo('tasks-app', { files: { 'worktree-quiz.json': '{"answers": {}}\n' } });
    const cli = readFileSync(join(repo, 'cli.py'));
    writeFileSync(join(repo, 'cli.py'), Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\n# T\xe2ches \xe0 faire, r\xe9sum\xe9\n', 'latin1'), cli]));
    await kit.gitIn(repo, ['commit', '-q', '-am', 'Latin-1 comments']);
    const report = await gradeSubmission(repo, { git: await testGit(), lab });
    expect(checkStatus(report, 'concepts', 'quiz-committed')).toBe('pass');
  }, 120_000);

  it('a 50,000-commit history is read whole (no silent cut at 16 MiB): the features are still found', async () => {
    const built = await buildRepo(labTo('committed'));
    try {
      const kit = await makeKit('long history');
      const tip = (await kit.gitIn(built.repo, ['rev-parse', 'main'])).trim();
      const line = `${'history '.repeat(12)}`;
      const chunks: string[] = [];
      for (let index = 1; index <= 50_000; index += 1) {
        const data = `${line}${index}\n`;
        chunks.push(
          `commit refs/heads/main\ncommitter Lab Learner <learner@example.com> ${1767258000 + index} +0000\ndata 4\nmore\n${index === 1 ? `from ${tip}\n` : ''}M 100644 inline history.txt\ndata ${Buffer.byteLength(data)}\n${data}\n`,
        );
      }
      await kit.gitIn(built.repo, ['fast-import', '--quiet'], chunks.join(''));
      expect((await kit.gitIn(built.repo, ['rev-list', '--count', 'main'])).trim()).toMatch(/^500\d\d$/);
      const report = await gradeSubmission(built.repo, { git: await testGit(), lab });
      expect(checkStatus(report, 'parallel-agents', 'each-has-its-feature')).toBe('pass');
      expect(checkStatus(report, 'parallel-agents', 'not-sequential')).toBe('pass');
    } finally {
      await built.sandbox.remove();
    }
  }, 300_000);
});
