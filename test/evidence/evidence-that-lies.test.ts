import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gatherEvidence } from '../../src/evidence/gather-evidence.js';
import { LOG_ARGS, MAX_LOG_BYTES } from '../../src/evidence/read-commits.js';

/** Log output past the smaller caps a reader could cut at: 16 MiB (a process runner's usual buffer) and 64 MiB (wtlab's first read before it read once). */
const LARGE_LOG = 64 * 1024 * 1024;
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import { openSubmission } from '../../src/submission/open-submission.js';
import { craftTar, type TarEntry } from '../support/craft-archive.js';
import { checkStatus, makeKit, removeCorpusFolders, runCorpusCase, type Kit } from '../support/corpus.js';
import { testGit } from '../support/git.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { copyBuilt } from '../support/copy-built.js';
import { sharedRepo } from '../support/shared-repos.js';
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

/**
 * Rewrites the first parent of `commit` in the repository's commit-graph file to `parent` (both must be in it): the
 * file is a cache git trusts for parents, so a learner can forge one without touching any commit.
 */
function forgeCommitGraph(gitDir: string, commit: string, parent: string): void {
  const file = join(gitDir, 'objects', 'info', 'commit-graph');
  const bytes = readFileSync(file);
  const chunks = new Map<string, number>();
  for (let index = 0; index <= (bytes[6] ?? 0); index += 1) {
    const at = 8 + 12 * index;
    chunks.set(bytes.subarray(at, at + 4).toString('latin1'), Number(bytes.readBigUInt64BE(at + 4)));
  }
  const lookup = chunks.get('OIDL') ?? 0;
  const data = chunks.get('CDAT') ?? 0;
  const ids = Array.from({ length: (data - lookup) / 20 }, (_, index) => bytes.subarray(lookup + index * 20, lookup + (index + 1) * 20).toString('hex'));
  bytes.writeUInt32BE(ids.indexOf(parent), data + ids.indexOf(commit) * 36 + 20);
  chmodSync(file, 0o644);
  writeFileSync(file, bytes);
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

  it('a forged commit-graph file (a cache of parents git trusts) rewrites no parent', async () => {
    const kit = await makeKit('forged commit-graph');
    const repo = await kit.startRepo('tasks-app');
    const root = (await kit.gitIn(repo, ['rev-parse', 'HEAD'])).trim();
    await kit.gitIn(repo, ['commit', '-q', '--allow-empty', '-m', 'second']);
    await kit.gitIn(repo, ['commit', '-q', '--allow-empty', '-m', 'third']);
    const third = (await kit.gitIn(repo, ['rev-parse', 'HEAD'])).trim();
    await kit.gitIn(repo, ['commit-graph', 'write', '--reachable']);
    forgeCommitGraph(join(repo, '.git'), third, root);
    // Control: git itself, trusting the file, now skips `second`.
    expect((await kit.gitIn(repo, ['log', '--format=%P', '-1', third])).trim()).toBe(root);
    const evidence = await evidenceOf(repo);
    const listed = await kit.gitIn(repo, ['-c', 'core.commitGraph=false', 'rev-list', '--parents', '--all']);
    const expected = new Map(
      listed
        .trim()
        .split('\n')
        .map((line) => [line.split(' ')[0] ?? '', line.split(' ').slice(1)]),
    );
    expect(evidence.commits.length).toBe(3);
    for (const commit of evidence.commits) expect(commit.parents, commit.hash).toEqual(expected.get(commit.hash));
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

  it(`a 50,000-commit history whose log output passes ${LARGE_LOG / 2 ** 20} MiB is read whole, in one read under the ${MAX_LOG_BYTES / 2 ** 20} MiB cap: the features in its oldest commits are still found`, async () => {
    // A copy: the test adds 50,000 commits to it. Every 50th switches history.txt between two 40 KB texts with no line
    // in common, so git log -p -U0 shows its 40 lines removed and 40 added (some 80 KB of output); the others change
    // nothing. A history as deep as a long-lived project's, past LARGE_LOG, from two blobs and a small stream.
    const built = await copyBuilt(await sharedRepo('committed'));
    try {
      const kit = await makeKit('long history');
      const tip = (await kit.gitIn(built.repo, ['rev-parse', 'main'])).trim();
      const before = Number((await kit.gitIn(built.repo, ['rev-list', '--count', 'main'])).trim());
      const pad = 'history '.repeat(125);
      const chunks = ['A', 'B'].map((text, mark) => {
        const data = Array.from({ length: 40 }, (_, line) => `${text}.${line} ${pad}\n`).join('');
        return `blob\nmark :${mark + 1}\ndata ${Buffer.byteLength(data)}\n${data}\n`;
      });
      for (let index = 1; index <= 50_000; index += 1) {
        const change = index % 50 === 0 ? `M 100644 :${((index / 50) % 2) + 1} history.txt\n` : '';
        chunks.push(
          `commit refs/heads/main\ncommitter Lab Learner <learner@example.com> ${1767258000 + index} +0000\ndata 4\nmore\n${index === 1 ? `from ${tip}\n` : ''}${change}\n`,
        );
      }
      // glibc's malloc gives memory back to the kernel and takes it again at each commit (some 200,000 brk calls, 2 of
      // fast-import's 3 CPU-s here): a top pad of 64 MiB keeps it. The objects made are the same.
      const git = await testGit();
      const env = sealedEnv({ git, home: kit.dir, extra: { GLIBC_TUNABLES: 'glibc.malloc.top_pad=67108864' } });
      const imported = await runGit(git, ['fast-import', '--quiet'], { cwd: built.repo, env, input: chunks.join('') });
      expect(imported.exitCode, imported.stderr).toBe(0);
      expect(Number((await kit.gitIn(built.repo, ['rev-list', '--count', 'main'])).trim())).toBe(before + 50_000);
      // The log readCommits reads, for main alone (the grader reads main and more): it must pass LARGE_LOG by a margin,
      // or this test no longer checks a large history. Written to a file, not carried through this process.
      const logFile = join(kit.dir, 'log.txt');
      await kit.gitIn(built.repo, ['log', 'main', ...LOG_ARGS, `--output=${logFile}`]);
      expect(statSync(logFile).size).toBeGreaterThan(LARGE_LOG * 1.1);
      expect(statSync(logFile).size).toBeLessThan(MAX_LOG_BYTES);
      const report = await gradeSubmission(built.repo, { git: await testGit(), lab });
      expect(checkStatus(report, 'parallel-agents', 'each-has-its-feature')).toBe('pass');
      expect(checkStatus(report, 'parallel-agents', 'not-sequential')).toBe('pass');
    } finally {
      await built.sandbox.remove();
    }
  }, 300_000);
});
