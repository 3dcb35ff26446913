import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANSWERS, type Answer, type AnswerKey, type ProofOutcome } from './types.js';

/**
 * The cache file of the answer key proven on one git version by one version of the proofs:
 * `concepts-<version>-<digest>.json`, so builds whose proof code differs (the compiled CLI and the
 * TypeScript tests) keep their own keys instead of overwriting each other's.
 */
export function answerKeyFile(cacheDir: string, gitVersion: string, digest: string): string {
  return join(cacheDir, `concepts-${gitVersion}-${digest}.json`);
}

function isAnswer(value: unknown): value is Answer {
  return typeof value === 'string' && (ANSWERS as readonly string[]).includes(value);
}

function isOutcome(value: unknown): value is ProofOutcome & { readonly answer: Answer } {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.id === 'string' && isAnswer(record.answer) && typeof record.evidence === 'string';
}

/** What a cached key must match to be used: the git version, the item ids in order, and the items' digest. */
export interface CachedKeyWanted {
  readonly gitVersion: string;
  readonly itemIds: readonly string[];
  readonly itemsDigest: string;
}

/**
 * Reads a cached key; undefined when the file is missing, unreadable, from another git version, or
 * does not prove exactly these items with this proof code (an item or proof changed since).
 */
export function readCachedKey(file: string, wanted: CachedKeyWanted): AnswerKey | undefined {
  const { gitVersion, itemIds } = wanted;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const key = parsed as Record<string, unknown>;
  if (key.schemaVersion !== 1 || key.git !== gitVersion || key.itemsDigest !== wanted.itemsDigest || typeof key.derivedAt !== 'string') return undefined;
  if (!Array.isArray(key.proofs) || !key.proofs.every(isOutcome)) return undefined;
  const proofs = key.proofs as readonly (ProofOutcome & { readonly answer: Answer })[];
  const ids = proofs.map((proof) => proof.id);
  if (ids.length !== itemIds.length || ids.some((id, index) => id !== itemIds[index])) return undefined;
  const answers = Object.fromEntries(proofs.map((proof) => [proof.id, proof.answer]));
  return { schemaVersion: 1, git: gitVersion, itemsDigest: wanted.itemsDigest, derivedAt: key.derivedAt, answers, proofs };
}

/** Writes a key to the cache through a temp file and a rename, so readers never see half a file. */
export function writeCachedKey(file: string, cacheDir: string, key: AnswerKey): void {
  mkdirSync(cacheDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(key, null, 2)}\n`);
  renameSync(temp, file);
}
