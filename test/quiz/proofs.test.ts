import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveAnswerKey } from '../../src/quiz/derive-answer-key.js';
import { quizItems } from '../../src/quiz/items/index.js';
import { testGit } from '../helpers/git.js';
import { TEXTBOOK } from './textbook.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'wtlab-quiz-proofs-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe('the concepts proofs on this machine\'s git', () => {
  it('decide every item, and agree with what the git documentation says', async () => {
    const key = await deriveAnswerKey(await testGit(), { cacheDir, refresh: true });
    expect(key.proofs.filter((proof) => proof.answer === undefined)).toEqual([]);
    expect(key.answers).toEqual(TEXTBOOK);
  });

  it('ask at least twelve items with unique ids, some shared and some per-worktree', () => {
    const ids = quizItems.map((item) => item.id);
    expect(ids.length).toBeGreaterThanOrEqual(12);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(TEXTBOOK).sort()).toEqual([...ids].sort());
  });
});
