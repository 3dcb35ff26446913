import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, openSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { removeCorpusFolders, runCorpusCase, type CorpusCase } from '../support/corpus.js';

afterAll(removeCorpusFolders);

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** Every case is refused early with one line; the `it` timeout is only a backstop, never the verdict. */
const CASES: readonly CorpusCase[] = [
  {
    // 64 MiB rather than the attack's 1 GiB: 8 paths still hold twice the 256 MiB budget, at a sixteenth of the hashing.
    name: 'a small .tgz whose 8 tracked paths share one 64 MiB blob: refused before the export writes 512 MiB',
    build: async (kit) => {
      const repo = await kit.startRepo('tasks-app');
      const env = { ...sealedEnv({ git: kit.git, home: kit.dir }), GIT_DIR: join(repo, '.git') };
      const script = `head -c ${64 * MIB} /dev/zero | "$0" -c core.compression=1 hash-object -w --stdin`;
      const blob = execFileSync('/bin/sh', ['-c', script, kit.git.path], { env }).toString().trim();
      for (let index = 1; index <= 8; index += 1) await kit.gitIn(repo, ['update-index', '--add', '--cacheinfo', `100644,${blob},big/copy-${index}.bin`]);
      await kit.gitIn(repo, ['commit', '-q', '-m', 'eight copies of one big blob']);
      const archive = join(kit.dir, 'tasks-app.tgz');
      execFileSync('tar', ['-czf', archive, '-C', kit.dir, 'tasks-app']);
      expect(statSync(archive).size).toBeLessThan(MIB);
      return { source: archive, watch: kit.dir };
    },
    expected: { exit: 2, stderr: /the tree of [0-9a-f]{7} on main holds \d+ files of \d{9,} bytes in all, more than wtlab writes out to run the app/ },
  },
  {
    name: 'a 4 MB .tgz of zeros (4 GiB unpacked): the ratio is checked as the stream flows',
    build: async (kit) => {
      const member = gzipSync(Buffer.alloc(1024 * 1024));
      const archive = join(kit.dir, 'zeros.tgz');
      writeFileSync(archive, Buffer.concat(Array.from({ length: 4096 }, () => member)));
      expect(statSync(archive).size).toBeLessThan(8 * 1024 * 1024);
      return { source: archive, watch: kit.dir };
    },
    expected: { exit: 2, stderr: /zeros\.tgz decompresses to more than 200 times its size .*: it looks like an archive bomb/ },
  },
  {
    name: 'a sparse 3 GiB .git file',
    build: async (kit) => {
      const folder = join(kit.dir, 'tasks-app');
      mkdirSync(folder);
      writeFileSync(join(folder, 'cli.py'), 'print("hi")\n');
      const fd = openSync(join(folder, '.git'), 'w');
      ftruncateSync(fd, 3 * GIB);
      closeSync(fd);
      // The watched folder is a sibling: hashing 3 GiB of holes twice would only slow the test down.
      mkdirSync(join(kit.dir, 'watched'));
      return { source: folder, watch: join(kit.dir, 'watched') };
    },
    expected: { exit: 2, stderr: /has a \.git that git would not use: .*\.git is too big to be a pointer/ },
    afterwards: (kit) => {
      expect(statSync(join(kit.dir, 'tasks-app', '.git')).size).toBe(3 * GIB);
    },
  },
];

describe.concurrent('archives and objects within budgets: refused early with one line', () => {
  it.each(CASES.map((corpusCase) => [corpusCase.name, corpusCase] as const))(
    '%s',
    async (_name, corpusCase) => {
      await runCorpusCase(corpusCase);
    },
    180_000,
  );
});
