import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';

/** One tar entry as written byte by byte, so tests can make entries no well-behaved tar tool would. */
export interface TarEntry {
  readonly name: string;
  /** `0` file, `1` hard link, `2` symlink, `3` character device, `4` block device, `5` folder, `6` FIFO. */
  readonly type: '0' | '1' | '2' | '3' | '4' | '5' | '6';
  readonly data?: string;
  /** Size written in the header; defaults to the data's length (a larger one makes a declared-size bomb). */
  readonly declaredSize?: number;
  readonly linkname?: string;
  /** Mode bits written in the header. @default 0o755 for a folder, else 0o644 */
  readonly mode?: number;
}

function field(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value, offset, Math.min(length, Buffer.byteLength(value)), 'utf8');
}

function octal(value: number, length: number): string {
  return `${value.toString(8).padStart(length - 1, '0')}\0`;
}

/** A ustar archive of these entries (gzipped when asked), without any of the checks tar tools make. */
export function craftTar(entries: readonly TarEntry[], options: { readonly gzip?: boolean } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const data = Buffer.from(entry.data ?? '');
    const header = Buffer.alloc(512);
    field(header, 0, 100, entry.name);
    field(header, 100, 8, octal(entry.mode ?? (entry.type === '5' ? 0o755 : 0o644), 8));
    field(header, 108, 8, octal(0, 8));
    field(header, 116, 8, octal(0, 8));
    field(header, 124, 12, octal(entry.declaredSize ?? data.length, 12));
    field(header, 136, 12, octal(1767258000, 12));
    field(header, 148, 8, '        ');
    field(header, 156, 1, entry.type);
    field(header, 157, 100, entry.linkname ?? '');
    field(header, 257, 6, 'ustar\0');
    field(header, 263, 2, '00');
    let sum = 0;
    for (const byte of header) sum += byte;
    field(header, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const tar = Buffer.concat(blocks);
  return options.gzip ? gzipSync(tar) : tar;
}

/** One zip entry written by Python's zipfile, which keeps names and mode bits as given. */
export interface ZipEntry {
  readonly name: string;
  readonly data?: string;
  /** Repeat a character this many times as the data (compressed: a bomb when large). */
  readonly zeros?: number;
  /** Unix mode bits (e.g. 0o120777 for a symlink). */
  readonly mode?: number;
}

/** Writes a zip file with these entries through python3's zipfile, deflated. */
export function craftZip(file: string, entries: readonly ZipEntry[]): void {
  const script = [
    'import json, sys, zipfile, warnings',
    'warnings.simplefilter("ignore")',
    'entries = json.loads(sys.argv[2])',
    'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:',
    '    for e in entries:',
    '        info = zipfile.ZipInfo(e["name"], (2026, 1, 1, 0, 0, 0))',
    '        info.compress_type = zipfile.ZIP_DEFLATED',
    '        if e.get("mode") is not None: info.external_attr = e["mode"] << 16',
    '        z.writestr(info, "0" * e["zeros"] if e.get("zeros") else e.get("data", ""))',
  ].join('\n');
  execFileSync('python3', ['-c', script, file, JSON.stringify(entries)]);
}
