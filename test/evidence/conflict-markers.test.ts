import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFile } from '../../src/evidence/conflict-markers.js';

const folder = mkdtempSync(join(tmpdir(), 'wtlab-markers-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The scanner's chunk (1 MiB): lines placed across its edges test the chunked reading. */
const MIB = 1024 * 1024;

/** What scanFile must find, worked out the plain way on the whole file: each line's first 200 bytes, a final \r dropped, as UTF-8. */
function expected(bytes: Buffer): { line: number; text: string }[] {
  const found: { line: number; text: string }[] = [];
  let line = 1;
  for (let at = 0; at < bytes.length; line += 1) {
    const end = bytes.indexOf(10, at) === -1 ? bytes.length : bytes.indexOf(10, at);
    const text = bytes
      .subarray(at, Math.min(end, at + 200))
      .toString('utf8')
      .replace(/\r$/, '');
    if (/^(<{7}|={7}|>{7}|\|{7})( |$)/.test(text)) found.push({ line, text });
    at = end + 1;
  }
  return found;
}

async function scanned(name: string, bytes: Buffer) {
  writeFileSync(join(folder, name), bytes);
  return (await scanFile(folder, name, 'worktree')).map(({ line, text }) => ({ line, text }));
}

/** `count` bytes of filler lines (12 bytes each, the last one cut short and ended), so the next line starts at a chosen offset. */
function filler(count: number): Buffer {
  return Buffer.concat([Buffer.alloc(count - 1, 'filler line\n'), Buffer.from('\n')]);
}

describe('scanFile', () => {
  it('finds marker lines anywhere in a file of several chunks: at a chunk edge, across one, after an empty line, with CRLF, past 200 bytes, unended', async () => {
    const marker = (text: string) => Buffer.from(`${text}\n`);
    const parts = [
      Buffer.from('<<<<<<< HEAD\n'),
      // A line ends exactly at the first chunk edge, and a marker starts the second chunk.
      filler(MIB - 13 - 1),
      Buffer.from('\n'),
      marker('======='),
      // A marker that starts a few bytes before the next edge and ends after it.
      filler(2 * MIB - (MIB + 8) - 3),
      marker('>>>>>>> feature/wipe'),
      // An empty line right before an edge, then a marker line split by the edge after its first byte.
      filler(3 * MIB - (2 * MIB + 21) - 2),
      Buffer.from('\n'),
      marker('|||||||'),
      marker('<<<<<<< HEAD\r'),
      marker(`<<<<<<< ${'x'.repeat(400)}`),
      marker('<<<<<<<x not a marker'),
      marker(' <<<<<<< indented, not a marker'),
      marker('café ======= not at the start'),
      Buffer.from('>>>>>>> unended'),
    ];
    const bytes = Buffer.concat(parts);
    const found = await scanned('chunks.txt', bytes);
    expect(found).toEqual(expected(bytes));
    expect(found.map((entry) => entry.text.slice(0, 12))).toEqual([
      '<<<<<<< HEAD',
      '=======',
      '>>>>>>> feat',
      '|||||||',
      '<<<<<<< HEAD',
      '<<<<<<< xxxx',
      '>>>>>>> unen',
    ]);
  });

  it('finds every marker line of a file whose lines fall on every offset of a chunk edge', async () => {
    for (const shift of [0, 1, 2, 6, 7, 8, 11]) {
      const bytes = Buffer.concat([filler(MIB - shift), Buffer.from('>>>>>>> theirs\n=======\n'), filler(5000), Buffer.from('<<<<<<< ours')]);
      const found = await scanned(`shift-${shift}.txt`, bytes);
      expect(found, `shift ${shift}`).toEqual(expected(bytes));
    }
  });

  it('finds none in a file holding a NUL byte (binary), wherever the marker lines are', async () => {
    expect(await scanned('binary.bin', Buffer.concat([Buffer.from('<<<<<<< HEAD\n'), filler(MIB), Buffer.from([0]), Buffer.from('\n=======\n')]))).toEqual([]);
  });
});
