import { quizItems } from '../graders/quiz/index.js';
import { LAYOUT } from '../graders/quiz/sandbox-layout.js';
import { makeProbe } from '../src/quiz/make-probe.js';
import { proveItem } from '../src/quiz/prove-item.js';
import type { ProofOutcome, QuizItem } from '../src/quiz/types.js';
import { defineScenario } from '../src/scenario/define-scenario.js';
import { check, git, idSteps, withId, write } from '../src/scenario/steps.js';
import type { Scenario } from '../src/scenario/types.js';

export interface ConceptsScenarioOptions {
  /** Receives each proof's outcome as it is known (how `deriveAnswerKey` collects the key). */
  readonly onProof?: (outcome: ProofOutcome) => void;
  /** @default every quiz item */
  readonly items?: readonly QuizItem[];
}

/** The concepts scenario: one repo, two linked worktrees, then each quiz item proven on this git. */
export function buildConceptsScenario(options: ConceptsScenarioOptions = {}): Scenario {
  const items = options.items ?? quizItems;
  return defineScenario({
    name: 'concepts',
    summary: 'Proves on real git what linked worktrees share and what each keeps to itself (the quiz answer key).',
    steps: [
      ...idSteps({
        'init-repo': git('create the repository on main', '.', ['init', '-q', '-b', 'main', LAYOUT.main]),
        'tracked-file': write('add a tracked file', `${LAYOUT.main}/${LAYOUT.trackedFile}`, LAYOUT.trackedText),
        'ignore-state': write(`ignore ${LAYOUT.stateFile} as the lab does`, `${LAYOUT.main}/.gitignore`, `${LAYOUT.stateFile}\n`),
        'stage-both': git('stage both files', LAYOUT.main, ['add', '-A']),
        'first-commit': git('first commit', LAYOUT.main, ['commit', '-q', '-m', 'start']),
        'worktree-a': git('linked worktree A on its own branch', LAYOUT.main, ['worktree', 'add', '-b', LAYOUT.branchA, `../${LAYOUT.a}`]),
        'worktree-b': git('linked worktree B on its own branch', LAYOUT.main, ['worktree', 'add', '-b', LAYOUT.branchB, `../${LAYOUT.b}`]),
      }),
      ...items.map((item) =>
        withId(
          `prove-${item.id}`,
          check(`prove ${item.id}: ${item.topic}`, async (context) => {
            const outcome = await proveItem(item, makeProbe(context), LAYOUT);
            options.onProof?.(outcome);
            return outcome.answer === undefined ? [`the proof of ${item.id} cannot decide: ${outcome.evidence}`] : [];
          }),
        ),
      ),
    ],
  });
}

export default buildConceptsScenario();
