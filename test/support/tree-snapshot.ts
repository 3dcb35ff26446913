import { createHash } from 'node:crypto';
import { createReadStream, lstatSync, readdirSync, readlinkSync } from 'node:fs';

async function hashFile(path: Buffer): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * One line per path under a folder, `.git` included: kind, mode, size and a content hash (a link's target).
 * Two snapshots are equal exactly when no byte and no mode changed and nothing was added or removed.
 */
export async function snapshotTree(root: string): Promise<string[]> {
  const lines: string[] = [];
  // Names are read as bytes, so a file name that is not UTF-8 is still found and compared.
  const walk = async (dir: Buffer) => {
    for (const name of readdirSync(dir, { encoding: 'buffer' }).sort(Buffer.compare)) {
      const path = Buffer.concat([dir, Buffer.from('/'), name]);
      const rel = path.subarray(root.length).toString('latin1');
      const stat = lstatSync(path);
      const mode = stat.mode.toString(8);
      if (stat.isDirectory()) {
        lines.push(`${rel}/ ${mode}`);
        await walk(path);
      } else if (stat.isSymbolicLink()) {
        lines.push(`${rel} -> ${readlinkSync(path)} ${mode}`);
      } else if (stat.isFile()) {
        lines.push(`${rel} ${mode} ${stat.size} ${await hashFile(path)}`);
      } else {
        lines.push(`${rel} special ${mode}`);
      }
    }
  };
  await walk(Buffer.from(root));
  return lines;
}
