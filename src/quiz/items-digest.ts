import { createHash } from 'node:crypto';
import type { QuizItem } from './types.js';

/** A fingerprint of the items and their proofs' code, so a cached key is dropped when a proof changes. */
export function itemsDigest(items: readonly QuizItem[]): string {
  const hash = createHash('sha256');
  for (const item of items) {
    hash.update(`${item.id}\0${String(item.proof.act)}\0${String(item.proof.look)}\0${String(item.proof.undo)}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}
