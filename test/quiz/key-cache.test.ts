import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveAnswerKey } from '../../src/quiz/derive-answer-key.js';
import { labQuiz, quizItems } from '../../graders/quiz/index.js';
import { itemsDigest } from '../../src/quiz/items-digest.js';
import { answerKeyFile } from '../../src/quiz/key-cache.js';
import { spawnCount } from '../../src/process/run-process.js';
import type { AnswerKey } from '../../src/quiz/types.js';
import { testGit } from '../support/git.js';

const made: string[] = [];
afterAll(() => made.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

let provenOnce: Promise<AnswerKey> | undefined;

/** One key proven on this git for the tests that only need its content. */
async function someProvenKey(): Promise<AnswerKey> {
  provenOnce ??= testGit().then((git) => deriveAnswerKey(git, { quiz: labQuiz, cacheDir: freshCache() }));
  return provenOnce;
}

function freshCache(): string {
  const folder = mkdtempSync(join(tmpdir(), 'wtlab-quiz-cache-'));
  made.push(folder);
  return folder;
}

describe('the answer key cache', () => {
  it('is written per git version and read back without running git', async () => {
    const git = await testGit();
    const cacheDir = freshCache();
    const proven = await deriveAnswerKey(git, { quiz: labQuiz, cacheDir });
    const file = answerKeyFile(cacheDir, git.version, itemsDigest(quizItems));
    expect(file).toBe(join(cacheDir, `concepts-${git.version}-${itemsDigest(quizItems)}.json`));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(proven);
    expect(proven.proofs.every((proof) => proof.evidence.length > 0)).toBe(true);

    const before = spawnCount();
    const again = await deriveAnswerKey(git, { quiz: labQuiz, cacheDir });
    expect(spawnCount()).toBe(before);
    expect(again).toEqual(proven);
  });

  it('serves what the file says for its version, and nothing of it to another version', async () => {
    const git = await testGit();
    const cacheDir = freshCache();
    const proven = await deriveAnswerKey(git, { quiz: labQuiz, cacheDir });
    const flipped: AnswerKey = {
      ...proven,
      answers: { ...proven.answers, stash: 'per-worktree' },
      proofs: proven.proofs.map((proof) => (proof.id === 'stash' ? { ...proof, answer: 'per-worktree' } : proof)),
    };
    writeFileSync(answerKeyFile(cacheDir, git.version, itemsDigest(quizItems)), JSON.stringify(flipped));
    expect((await deriveAnswerKey(git, { quiz: labQuiz, cacheDir })).answers.stash).toBe('per-worktree');

    const other = { ...git, version: '9.9.9' };
    const before = spawnCount();
    const otherKey = await deriveAnswerKey(other, { quiz: labQuiz, cacheDir });
    expect(spawnCount()).toBeGreaterThan(before);
    expect(otherKey.git).toBe('9.9.9');
    expect(otherKey.answers.stash).toBe('shared');
    expect(existsSync(answerKeyFile(cacheDir, '9.9.9', itemsDigest(quizItems)))).toBe(true);
  });

  it.each([
    ['a broken file', () => '{ not json'],
    ['a file for another version', (key: AnswerKey) => JSON.stringify({ ...key, git: '1.0.0' })],
    ['a file missing an item', (key: AnswerKey) => JSON.stringify({ ...key, proofs: key.proofs.slice(1) })],
    ['a file made by other proof code', (key: AnswerKey) => JSON.stringify({ ...key, itemsDigest: '0000000000000000' })],
    [
      'a file with an undecided proof',
      (key: AnswerKey) => JSON.stringify({ ...key, proofs: key.proofs.map((proof, index) => (index === 0 ? { ...proof, answer: null } : proof)) }),
    ],
  ])('proves again over %s and rewrites it', async (_label, spoil) => {
    const git = await testGit();
    const cacheDir = freshCache();
    const proven = await someProvenKey();
    const file = answerKeyFile(cacheDir, git.version, itemsDigest(quizItems));
    writeFileSync(file, spoil(proven));
    const before = spawnCount();
    const again = await deriveAnswerKey(git, { quiz: labQuiz, cacheDir });
    expect(spawnCount()).toBeGreaterThan(before);
    expect(again.answers).toEqual(proven.answers);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(again);
  });
});

describe('itemsDigest', () => {
  it('changes when an item or the code of a proof changes', () => {
    const first = quizItems[0];
    if (first === undefined) throw new Error('no items');
    const base = itemsDigest(quizItems);
    expect(itemsDigest(quizItems)).toBe(base);
    expect(itemsDigest(quizItems.slice(1))).not.toBe(base);
    expect(
      itemsDigest([
        {
          ...first,
          proof: {
            ...first.proof,
            async undo() {
              /* changed */
            },
          },
        },
        ...quizItems.slice(1),
      ]),
    ).not.toBe(base);
  });
});
