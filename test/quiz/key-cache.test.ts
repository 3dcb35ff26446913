import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveAnswerKey } from '../../src/quiz/derive-answer-key.js';
import { labQuiz, quizItems } from '../../graders/quiz/index.js';
import type { LabQuiz } from '../../src/lab/define-lab.js';
import { itemsDigest } from '../../src/quiz/items-digest.js';
import { answerKeyFile } from '../../src/quiz/key-cache.js';
import { spawnCount } from '../../src/process/run-process.js';
import type { AnswerKey, QuizItem } from '../../src/quiz/types.js';
import { testGit } from '../support/git.js';

const made: string[] = [];
afterAll(() => made.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function itemById(id: string): QuizItem {
  const item = quizItems.find((candidate) => candidate.id === id);
  if (item === undefined) throw new Error(`no quiz item ${id}`);
  return item;
}

/**
 * The lab's quiz cut to two of its items, one shared (stash) and one per-worktree (working-files):
 * the cache behaves the same for any items, and each key proven here costs the sandbox and two
 * proofs instead of all of them (test/quiz/proofs.test.ts proves every item).
 */
const quiz: LabQuiz = { ...labQuiz, items: [itemById('stash'), itemById('working-files')] };
const digest = itemsDigest(quiz.items);

let provenOnce: Promise<AnswerKey> | undefined;

/** One key proven on this git for the tests that only need its content. */
async function someProvenKey(): Promise<AnswerKey> {
  provenOnce ??= testGit().then((git) => deriveAnswerKey(git, { quiz, cacheDir: freshCache() }));
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
    const proven = await deriveAnswerKey(git, { quiz, cacheDir });
    const file = answerKeyFile(cacheDir, git.version, digest);
    expect(file).toBe(join(cacheDir, `concepts-${git.version}-${digest}.json`));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(proven);
    expect(proven.answers).toEqual({ stash: 'shared', 'working-files': 'per-worktree' });
    expect(proven.proofs.every((proof) => proof.evidence.length > 0)).toBe(true);

    const before = spawnCount();
    const again = await deriveAnswerKey(git, { quiz, cacheDir });
    expect(spawnCount()).toBe(before);
    expect(again).toEqual(proven);
  });

  it('serves what the file says for its version, and nothing of it to another version', async () => {
    const git = await testGit();
    const cacheDir = freshCache();
    const proven = await deriveAnswerKey(git, { quiz, cacheDir });
    const flipped: AnswerKey = {
      ...proven,
      answers: { ...proven.answers, stash: 'per-worktree' },
      proofs: proven.proofs.map((proof) => (proof.id === 'stash' ? { ...proof, answer: 'per-worktree' } : proof)),
    };
    writeFileSync(answerKeyFile(cacheDir, git.version, digest), JSON.stringify(flipped));
    expect((await deriveAnswerKey(git, { quiz, cacheDir })).answers.stash).toBe('per-worktree');

    const other = { ...git, version: '9.9.9' };
    const before = spawnCount();
    const otherKey = await deriveAnswerKey(other, { quiz, cacheDir });
    expect(spawnCount()).toBeGreaterThan(before);
    expect(otherKey.git).toBe('9.9.9');
    expect(otherKey.answers.stash).toBe('shared');
    expect(existsSync(answerKeyFile(cacheDir, '9.9.9', digest))).toBe(true);
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
    const file = answerKeyFile(cacheDir, git.version, digest);
    writeFileSync(file, spoil(proven));
    const before = spawnCount();
    const again = await deriveAnswerKey(git, { quiz, cacheDir });
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
