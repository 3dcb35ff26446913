import type { LabQuiz } from '../../src/lab/define-lab.js';
import type { QuizItem } from '../../src/quiz/types.js';
import { QUIZ_FILE } from '../lab.js';
import { checkoutItems } from './checkout-items.js';
import { repositoryItems } from './repository-items.js';

/** Every quiz item, in the order the proofs run and `wtlab quiz --print` lists them. A new item is one entry in one of these lists. */
export const quizItems: readonly QuizItem[] = [...repositoryItems, ...checkoutItems];

/** The lab's concepts quiz: its answers file, its items and the scenario that proves their key on a git. */
export const labQuiz: LabQuiz = {
  file: QUIZ_FILE,
  items: quizItems,
  proofs: async () => (await import('../../scenarios/concepts.js')).buildConceptsScenario,
};
