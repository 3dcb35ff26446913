import { createHash } from 'node:crypto';

/** One entry of a tree's top level, as `git ls-tree -l` prints it. */
export interface TreeEntry {
  /** The mode as ls-tree prints it (`100644`, `040000`, ...). */
  readonly mode: string;
  readonly type: string;
  /** The object id in hex: 40 digits in a SHA-1 repository, 64 in a SHA-256 one. */
  readonly id: string;
  readonly name: string;
}

/**
 * The id git would give the tree made of `entries` (a tree's top level, in the order git lists it) less the one
 * named `name`: the tree object's bytes hashed as git hashes them (SHA-1 or SHA-256, told by the ids' length).
 * Undefined when no entry has that name, or when a name did not come through as text (the id could not be exact).
 */
export function treeIdWithout(entries: readonly TreeEntry[], name: string): string | undefined {
  if (!entries.some((entry) => entry.name === name)) return undefined;
  const kept = entries.filter((entry) => entry.name !== name);
  if (kept.some((entry) => entry.name.includes('\uFFFD') || !/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(entry.id))) return undefined;
  const body = Buffer.concat(
    kept.map((entry) => Buffer.concat([Buffer.from(`${entry.mode.replace(/^0+/, '')} ${entry.name}\0`), Buffer.from(entry.id, 'hex')])),
  );
  const algorithm = (entries[0]?.id.length ?? 40) === 64 ? 'sha256' : 'sha1';
  return createHash(algorithm)
    .update(Buffer.concat([Buffer.from(`tree ${body.length}\0`), body]))
    .digest('hex');
}
