import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { readSmallFile } from './read-small-file.js';
import type { Reflog, ReflogEntry } from './types.js';
import { compareText } from '../text/compare-text.js';

/** Parses a reflog file: `<old> <new> <name> <<email>> <time> <tz>\t<message>` per line. */
export function parseReflog(text: string): ReflogEntry[] {
  return text
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      const found = /^([0-9a-f]+) ([0-9a-f]+) .*> (\d+) [+-]\d{4}\t?(.*)$/.exec(line);
      if (found === null) return [];
      const message = found[4] ?? '';
      const colon = message.indexOf(':');
      return [{ old: found[1] ?? '', new: found[2] ?? '', time: Number(found[3]), message, action: colon === -1 ? message : message.slice(0, colon) }];
    });
}

/** Reads one reflog file, or undefined when there is none. */
export async function readReflogFile(file: string, ref: string, owner: string): Promise<Reflog | undefined> {
  const text = await readSmallFile(file);
  return text === undefined ? undefined : { ref, owner, entries: parseReflog(text) };
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  const nested = await Promise.all(
    entries.map((entry) => (entry.isDirectory() ? listFiles(join(folder, entry.name)) : Promise.resolve(entry.isFile() ? [join(folder, entry.name)] : []))),
  );
  return nested.flat();
}

/** Reads every branch reflog under `logs/refs/heads` straight from the files. */
export async function readBranchReflogs(gitDir: string): Promise<Reflog[]> {
  const root = join(gitDir, 'logs', 'refs', 'heads');
  const files = await listFiles(root);
  const logs = await Promise.all(files.map((file) => {
    const name = relative(root, file).split('\\').join('/');
    return readReflogFile(file, `refs/heads/${name}`, name);
  }));
  return logs.filter((log): log is Reflog => log !== undefined).sort((a, b) => compareText(a.owner, b.owner));
}
