import { open } from 'node:fs/promises';
import { join } from 'node:path';

/** An object git failed on whose loose file is there but cannot be read: git calls it missing, corrupt or unreadable alike. */
export interface UnreadableObject {
  readonly oid: string;
  /** The loose object file, `objects/xx/rest` of the repository. */
  readonly path: string;
  /** The error code reading it gave (EACCES, EPERM, EISDIR...). */
  readonly code: string;
}

const OID = /\b(?:[0-9a-f]{64}|[0-9a-f]{40})\b/g;

/**
 * The first object named in git's message (at most five are tried) whose loose file in `objectsDir` exists but
 * cannot be read, read by one byte as git would. Undefined when none is: the object is absent, packed, or readable.
 */
export async function findUnreadableObject(message: string, objectsDir: string): Promise<UnreadableObject | undefined> {
  const oids = [...new Set(message.match(OID) ?? [])].slice(0, 5);
  for (const oid of oids) {
    const path = join(objectsDir, oid.slice(0, 2), oid.slice(2));
    try {
      const file = await open(path, 'r');
      try {
        await file.read(Buffer.alloc(1), 0, 1, 0);
      } finally {
        await file.close();
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return { oid, path, code };
    }
  }
  return undefined;
}
