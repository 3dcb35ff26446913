import type { QuizItem } from '../types.js';
import { checkoutItems } from './checkout-items.js';
import { repositoryItems } from './repository-items.js';

/** Every quiz item, in the order the proofs run and `wtlab quiz --print` lists them. A new item is one entry in one of these lists. */
export const quizItems: readonly QuizItem[] = [...repositoryItems, ...checkoutItems];

/** The item with this id, or undefined. */
export function findQuizItem(id: string): QuizItem | undefined {
  return quizItems.find((item) => item.id === id);
}
