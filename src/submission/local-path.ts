import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPLACEMENT = '\ufffd';

/**
 * The exact bytes of the command-line argument that Node decoded to `arg`, when that argument was not UTF-8
 * (Node replaces such bytes with U+FFFD, so the path as a string names nothing). Read from `/proc/self/cmdline`
 * (Linux); undefined elsewhere or when no argument matches.
 */
export function rawArgument(arg: string): Buffer | undefined {
  let cmdline: Buffer;
  try {
    cmdline = readFileSync('/proc/self/cmdline');
  } catch {
    return undefined;
  }
  const parts: Buffer[] = [];
  let at = 0;
  for (let end = cmdline.indexOf(0, at); end !== -1; end = cmdline.indexOf(0, at)) {
    parts.push(cmdline.subarray(at, end));
    at = end + 1;
  }
  return parts.find((part) => part.toString('utf8') === arg && !part.equals(Buffer.from(arg, 'utf8')));
}

let aliases: string | undefined;

/**
 * An absolute path for a submission given on the command line. A path whose bytes are not UTF-8 (a Latin-1 folder
 * name) is reached through a symlink with a plain name, in a private temp folder, pointing at the real bytes.
 */
export async function localPath(source: string): Promise<string> {
  const local = resolve(source);
  if (!source.includes(REPLACEMENT) || existsSync(local)) return local;
  const raw = rawArgument(source);
  if (raw === undefined) return local;
  const absolute = raw[0] === 0x2f ? raw : Buffer.concat([Buffer.from(`${process.cwd()}/`), raw]);
  if (!existsSync(absolute)) return local;
  if (aliases === undefined) {
    const folder = mkdtempSync(join(process.env.WTLAB_TMPDIR || tmpdir(), 'wtlab-paths-'));
    aliases = folder;
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  }
  const alias = join(aliases, `submission-${Buffer.from(absolute).toString('hex').slice(-16)}`);
  if (!existsSync(alias)) symlinkSync(absolute, alias);
  return alias;
}
