import { emitKeypressEvents } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { QuizAnswers } from './quiz-file.js';
import type { Answer, QuizItem } from './types.js';

export interface AskQuizOptions {
  readonly items: readonly QuizItem[];
  readonly input: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  readonly output: Writable;
  /** A number in [0, 1) for the shuffle. @default Math.random */
  readonly random?: () => number;
}

/** The learner stopped the quiz (q, Escape or Ctrl-C) before the last item. */
export class QuizStopped extends Error {
  override readonly name = 'QuizStopped';
}

interface Key {
  readonly name?: string;
  readonly ctrl?: boolean;
}

const KEYS: Readonly<Record<string, Answer>> = { s: 'shared', left: 'shared', w: 'per-worktree', right: 'per-worktree' };

/** The items in a random order (Fisher–Yates). */
export function shuffleItems<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const order = [...items];
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as T, order[i] as T];
  }
  return order;
}

/** Asks each item, shuffled, one key press each: `s` or ← for shared, `w` or → for per-worktree. */
export async function askQuiz(options: AskQuizOptions): Promise<QuizAnswers> {
  const { input, output } = options;
  const order = shuffleItems(options.items, options.random);
  const answers: Record<string, Answer> = {};
  emitKeypressEvents(input);
  const raw = input.isTTY === true && typeof input.setRawMode === 'function';
  if (raw) input.setRawMode?.(true);
  input.resume();
  output.write(
    `Worktree quiz: ${order.length} items. For each, press s (or ←) if every worktree of a repository shares it, w (or →) if each worktree keeps its own. q stops.\n`,
  );
  try {
    for (const [index, item] of order.entries()) {
      output.write(`\n(${index + 1}/${order.length}) ${item.topic}\n  [s] shared   [w] per-worktree  > `);
      const answer = await nextAnswer(input);
      answers[item.id] = answer;
      output.write(`${answer}\n`);
    }
  } finally {
    if (raw) input.setRawMode?.(false);
    input.pause();
  }
  return answers;
}

function nextAnswer(input: Readable): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const onKey = (_text: string | undefined, key: Key | undefined) => {
      const name = key?.name;
      if (name === 'q' || name === 'escape' || (key?.ctrl === true && (name === 'c' || name === 'd'))) {
        finish();
        reject(new QuizStopped('the quiz was stopped before the last item; nothing was written'));
        return;
      }
      const answer = name === undefined ? undefined : KEYS[name];
      if (answer !== undefined) {
        finish();
        resolve(answer);
      }
    };
    const onEnd = () => {
      finish();
      reject(new QuizStopped('the input ended before the last item; nothing was written'));
    };
    const finish = () => {
      input.off('keypress', onKey);
      input.off('end', onEnd);
    };
    input.on('keypress', onKey);
    input.on('end', onEnd);
  });
}
