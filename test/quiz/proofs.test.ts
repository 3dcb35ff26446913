import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConceptsScenario } from '../../scenarios/concepts.js';
import { deriveAnswerKey } from '../../src/quiz/derive-answer-key.js';
import { labQuiz, quizItems } from '../../graders/quiz/index.js';
import { lookByExit } from '../../src/quiz/look.js';
import type { ProofOutcome, QuizItem } from '../../src/quiz/types.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { testGit, testLab } from '../support/git.js';
import { TEXTBOOK } from './textbook.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'wtlab-quiz-proofs-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe("the concepts proofs on this machine's git", () => {
  it('decide every item, and agree with what the git documentation says', async () => {
    const key = await deriveAnswerKey(await testGit(), { quiz: labQuiz, cacheDir, refresh: true });
    expect(key.proofs.filter((proof) => proof.answer === undefined)).toEqual([]);
    // Each proof shows what it saw (the key-cache test checks this on a two-item quiz only).
    expect(key.proofs.filter((proof) => proof.evidence.length === 0).map((proof) => proof.id)).toEqual([]);
    expect(key.answers).toEqual(TEXTBOOK);
  });

  it('ask at least twelve items with unique ids, some shared and some per-worktree', () => {
    const ids = quizItems.map((item) => item.id);
    expect(ids.length).toBeGreaterThanOrEqual(12);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(TEXTBOOK).sort()).toEqual([...ids].sort());
  });
});

describe('the concepts scenario', () => {
  const vague: QuizItem = {
    id: 'vague',
    topic: 'A proof whose change does not show even where it was made',
    tryIt: '',
    proof: {
      async act() {},
      look: (probe, worktree) => lookByExit(probe, worktree, ['rev-parse', '--verify', '--quiet', 'refs/heads/never-made']),
      async undo() {},
    },
  };
  const throwing: QuizItem = {
    id: 'throwing',
    topic: 'A proof whose act fails',
    tryIt: '',
    proof: { act: async (probe, worktree) => void (await probe.must(['branch', '-d', 'no-such-branch'], worktree)), look: vague.proof.look, async undo() {} },
  };

  it.each([
    { item: vague, failure: /the proof of vague cannot decide: the change does not show even where it was made/ },
    { item: throwing, failure: /the proof of throwing cannot decide: `git branch -d no-such-branch` in concepts-a exited 1/ },
  ])('fails when a proof cannot decide ($item.id)', async ({ item, failure }) => {
    const outcomes: ProofOutcome[] = [];
    const { result } = await runScenario(buildConceptsScenario({ items: [item], onProof: (outcome) => outcomes.push(outcome) }), {
      git: await testGit(),
      lab: testLab(),
    });
    expect(result.status).toBe('fail');
    expect(result.steps.at(-1)?.failures.join('\n')).toMatch(failure);
    expect(outcomes).toEqual([expect.objectContaining({ id: item.id, answer: undefined })]);
  });
});
