import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors/user-error.js';
import { extractTar } from '../../src/submission/extract-tar.js';
import { extractZip } from '../../src/submission/extract-zip.js';
import { DEFAULT_LIMITS } from '../../src/submission/types.js';
import { craftTar, craftZip, type TarEntry, type ZipEntry } from '../support/craft-archive.js';
import { removeCorpusFolders, runCorpusCase, type CorpusCase, type Kit } from '../support/corpus.js';

afterAll(removeCorpusFolders);

/** A path outside every temp folder wtlab uses, unique to this case: an escaping entry would land here. */
function escapeTarget(kit: Kit): string {
  return join(tmpdir(), `${basename(dirname(kit.dir))}-escaped`);
}

/** `../` enough times to climb from any unpack folder to the root. */
const CLIMB = '../'.repeat(24);

const GOOD: readonly TarEntry[] = [
  { name: 'tasks-app/', type: '5' },
  { name: 'tasks-app/cli.py', type: '0', data: 'print("hi")\n' },
];

interface ArchiveAttack {
  readonly name: string;
  /** Graded through the CLI process (exit code and stderr as a learner sees them); the rest in this process. */
  readonly cli?: true;
  readonly kind: 'tar' | 'tgz' | 'zip';
  readonly entries: (escape: string) => readonly TarEntry[] | readonly ZipEntry[];
  readonly stderr: RegExp;
}

const ATTACKS: readonly ArchiveAttack[] = [
  {
    name: 'a tar entry climbing out with ..',
    cli: true,
    kind: 'tar',
    entries: (escape) => [...GOOD, { name: `tasks-app/${CLIMB}${escape.slice(1)}/evil.txt`, type: '0', data: 'x' }],
    stderr: /unsafe entry "tasks-app\/(\.\.\/)+tmp\/[^"]*": it climbs out with \.\./,
  },
  {
    name: 'a tar entry with an absolute path',
    kind: 'tgz',
    entries: (escape) => [...GOOD, { name: `${escape}/evil.txt`, type: '0', data: 'x' }],
    stderr: /unsafe entry "\/tmp\/.*evil\.txt": it is an absolute path/,
  },
  {
    name: 'a tar symlink to an absolute path',
    kind: 'tar',
    entries: (escape) => [...GOOD, { name: 'tasks-app/out', type: '2', linkname: escape }],
    stderr: /unsafe entry "tasks-app\/out": it links to the absolute path \/tmp\//,
  },
  {
    name: 'a tar symlink climbing out',
    kind: 'tar',
    entries: (escape) => [...GOOD, { name: 'tasks-app/out', type: '2', linkname: `../${CLIMB}${escape.slice(1)}` }],
    stderr: /unsafe entry "tasks-app\/out": it links outside the archive/,
  },
  {
    name: 'a file written through an earlier symlink',
    kind: 'tar',
    entries: () => [...GOOD, { name: 'tasks-app/here', type: '2', linkname: '.' }, { name: 'tasks-app/here/evil.txt', type: '0', data: 'x' }],
    stderr: /unsafe entry "tasks-app\/here\/evil\.txt": it lies under the link "tasks-app\/here"/,
  },
  {
    name: 'a tar hard link climbing out',
    kind: 'tar',
    entries: () => [...GOOD, { name: 'tasks-app/passwd', type: '1', linkname: `${CLIMB}etc/passwd` }],
    stderr: /unsafe entry "tasks-app\/passwd": it links outside the archive/,
  },
  {
    name: 'a tar hard link to an absolute path',
    kind: 'tar',
    entries: () => [...GOOD, { name: 'tasks-app/passwd', type: '1', linkname: '/etc/passwd' }],
    stderr: /unsafe entry "tasks-app\/passwd": it links to the absolute path \/etc\/passwd/,
  },
  {
    name: 'a tar character device',
    kind: 'tar',
    entries: () => [...GOOD, { name: 'tasks-app/null', type: '3' }],
    stderr: /unsafe entry "tasks-app\/null": it is a character device/,
  },
  {
    name: 'a tar block device',
    kind: 'tar',
    entries: () => [...GOOD, { name: 'tasks-app/disk', type: '4' }],
    stderr: /unsafe entry "tasks-app\/disk": it is a block device/,
  },
  {
    name: 'a tar FIFO',
    cli: true,
    kind: 'tgz',
    entries: () => [...GOOD, { name: 'tasks-app/pipe', type: '6' }],
    stderr: /unsafe entry "tasks-app\/pipe": it is a FIFO/,
  },
  {
    name: 'a tar with a name twice',
    kind: 'tar',
    entries: () => [...GOOD, { name: 'tasks-app/cli.py', type: '0', data: 'import os\n' }],
    stderr: /unsafe entry "tasks-app\/cli\.py": the archive holds this name twice/,
  },
  {
    name: 'a tar.gz with too many entries (entry-count bomb)',
    kind: 'tgz',
    entries: () => [...GOOD, ...Array.from({ length: DEFAULT_LIMITS.maxEntries }, (_, index): TarEntry => ({ name: `tasks-app/f${index}`, type: '0' }))],
    stderr: /has more than 20000 entries \(at "tasks-app\/f19998"\)/,
  },
  {
    name: 'a tar.gz declaring 600 MiB (size bomb)',
    kind: 'tgz',
    entries: () => [...GOOD, { name: 'tasks-app/huge.bin', type: '0', data: 'x', declaredSize: 600 * 1024 * 1024 }],
    stderr: /unpacks to more than 536870912 bytes \(at "tasks-app\/huge\.bin"\)/,
  },
  {
    name: 'a zip entry climbing out with ..',
    kind: 'zip',
    entries: (escape) => [
      { name: 'tasks-app/cli.py', data: 'x' },
      { name: `tasks-app/${CLIMB}${escape.slice(1)}/evil.txt`, data: 'x' },
    ],
    stderr: /unsafe entry "tasks-app\/(\.\.\/)+tmp\/.*evil\.txt": invalid relative path/,
  },
  {
    name: 'a zip entry with an absolute path',
    kind: 'zip',
    entries: (escape) => [
      { name: 'tasks-app/cli.py', data: 'x' },
      { name: `${escape}/evil.txt`, data: 'x' },
    ],
    stderr: /unsafe entry "\/tmp\/.*evil\.txt": absolute path/,
  },
  {
    name: 'a zip symlink',
    kind: 'zip',
    entries: (escape) => [
      { name: 'tasks-app/cli.py', data: 'x' },
      { name: 'tasks-app/out', data: escape, mode: 0o120777 },
    ],
    stderr: /unsafe entry "tasks-app\/out": it is a symbolic link/,
  },
  {
    name: 'a zip FIFO',
    kind: 'zip',
    entries: () => [
      { name: 'tasks-app/cli.py', data: 'x' },
      { name: 'tasks-app/pipe', mode: 0o010644 },
    ],
    stderr: /unsafe entry "tasks-app\/pipe": it is a FIFO/,
  },
  {
    name: 'a zip with a name twice',
    kind: 'zip',
    entries: () => [
      { name: 'tasks-app/cli.py', data: 'x' },
      { name: 'tasks-app/cli.py', data: 'y' },
    ],
    stderr: /unsafe entry "tasks-app\/cli\.py": the archive holds this name twice/,
  },
  {
    name: 'a zip bomb (20 MB of zeros, over 200 times its packed size)',
    cli: true,
    kind: 'zip',
    entries: () => [
      { name: 'tasks-app/cli.py', data: 'x' },
      { name: 'tasks-app/zeros.txt', zeros: 20 * 1024 * 1024 },
    ],
    stderr: /entry "tasks-app\/zeros\.txt" that unpacks to 20971520 bytes from \d+ \(more than 200 times\): it looks like an archive bomb/,
  },
];

function archiveFile(kit: Kit, attack: ArchiveAttack): string {
  const file = join(kit.dir, `submission.${attack.kind === 'tgz' ? 'tar.gz' : attack.kind}`);
  const entries = attack.entries(escapeTarget(kit));
  if (attack.kind === 'zip') craftZip(file, entries as readonly ZipEntry[]);
  else writeFileSync(file, craftTar(entries as readonly TarEntry[], { gzip: attack.kind === 'tgz' }));
  return file;
}

const CASES: readonly CorpusCase[] = ATTACKS.map((attack) => ({
  name: attack.name,
  via: attack.cli ? 'cli' : 'library',
  build: async (kit) => ({ source: archiveFile(kit, attack), watch: kit.dir }),
  expected: { exit: 2, stderr: attack.stderr },
  afterwards: async (kit) => {
    expect(existsSync(escapeTarget(kit)), 'an entry was written outside the unpack folder').toBe(false);
    // Every entry is checked before the first is written: the unpack folder stays empty.
    const into = mkdtempSync(join(dirname(kit.dir), 'unpack-'));
    const source = join(kit.dir, readdirSync(kit.dir)[0] ?? '');
    const extract = attack.kind === 'zip' ? extractZip : extractTar;
    await expect(extract(source, into, DEFAULT_LIMITS)).rejects.toThrow(UserError);
    expect(readdirSync(into)).toEqual([]);
  },
}));

describe.concurrent('corpus: archive attacks are refused with exit 2, naming the entry, writing nothing', () => {
  it.each(CASES.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s', async (_name, corpusCase) => {
    await runCorpusCase(corpusCase);
  });
});
