import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askQuiz, QuizStopped, shuffleItems } from '../../src/quiz/ask-quiz.js';
import { quizItems } from '../../graders/quiz/index.js';

function session(keys: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (chunk: Buffer) => {
    shown += chunk.toString();
  });
  const asked = askQuiz({ items: quizItems.slice(0, 4), input, output, random: () => 0 });
  // Each key press after the question it answers has been asked.
  void (async () => {
    for (const key of keys) {
      await new Promise((resolve) => setImmediate(resolve));
      input.write(key);
    }
  })();
  return { asked, shown: () => shown };
}

describe('askQuiz', () => {
  it('asks every item once, in shuffled order, one key press each, ignoring other keys', async () => {
    const order = shuffleItems(quizItems.slice(0, 4), () => 0).map((item) => item.id);
    const { asked, shown } = session('sxw\x1b[Cs');
    const answers = await asked;
    expect(answers).toEqual({
      [order[0] as string]: 'shared',
      [order[1] as string]: 'per-worktree',
      [order[2] as string]: 'per-worktree',
      [order[3] as string]: 'shared',
    });
    expect(shown()).toContain('(1/4)');
    expect(shown()).toContain('(4/4)');
  });

  it('stops on q without answers', async () => {
    const { asked } = session('sq');
    await expect(asked).rejects.toBeInstanceOf(QuizStopped);
  });

  it('shuffles: every order is a permutation, and the random source changes it', () => {
    const ids = quizItems.map((item) => item.id);
    const first = shuffleItems(ids, () => 0);
    const second = shuffleItems(ids, () => 0.999);
    expect([...first].sort()).toEqual([...ids].sort());
    expect(first).not.toEqual(second);
  });
});
