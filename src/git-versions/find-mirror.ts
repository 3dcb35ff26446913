import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Debian archive URL (`.../debian`) named in apt sources texts, one-line or deb822 format. */
export function findDebianMirror(texts: readonly string[]): string | undefined {
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      const deb822 = /^URIs:\s*(.+)$/i.exec(trimmed);
      const oneLine = /^deb(?:-src)?\s+(?:\[[^\]]*\]\s+)?(\S+)/.exec(trimmed);
      const uris = deb822?.[1]?.split(/\s+/) ?? (oneLine?.[1] === undefined ? [] : [oneLine[1]]);
      const mirror = uris.map((uri) => uri.replace(/\/+$/, '')).find((uri) => /^https?:\/\/.+\/debian$/.test(uri));
      if (mirror !== undefined) return mirror;
    }
  }
  return undefined;
}

/** Texts of this machine's apt sources (`sources.list` and `sources.list.d/*.list|*.sources`). */
export async function readAptSources(etcApt = '/etc/apt'): Promise<readonly string[]> {
  const paths = [join(etcApt, 'sources.list')];
  try {
    const names = await readdir(join(etcApt, 'sources.list.d'));
    paths.push(
      ...names
        .filter((name) => /\.(list|sources)$/.test(name))
        .sort()
        .map((name) => join(etcApt, 'sources.list.d', name)),
    );
  } catch {
    // no sources.list.d folder
  }
  const texts = await Promise.all(paths.map((path) => readFile(path, 'utf8').catch(() => '')));
  return texts;
}
