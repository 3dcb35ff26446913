import type { Evidence } from '../src/evidence/types.js';
import { defineCriterion, fail, pass, type CheckOutcome } from '../src/grade/define-criterion.js';
import type { CheckResult } from '../src/grade/report-types.js';
import { gradeQuizAnswers } from '../src/quiz/grade-quiz.js';
import { commitQuizCommands } from '../src/quiz/quiz-file.js';
import { QUIZ_FILE } from './lab.js';
import { quizItems } from './quiz/index.js';

const COMMIT_QUIZ_COMMANDS = commitQuizCommands(QUIZ_FILE);

const graded = new WeakMap<Evidence, readonly CheckResult[]>();

/** The quiz file's text: as committed on main, else the main folder's working copy. */
function quizText(evidence: Evidence): string | undefined {
  return evidence.quiz.committed ?? evidence.quiz.workingTree;
}

function quizChecks(evidence: Evidence): readonly CheckResult[] {
  let results = graded.get(evidence);
  if (results === undefined) {
    if (evidence.quizKey === undefined)
      throw new Error(`the quiz answer key could not be proven on git ${evidence.git}: ${evidence.quizKeyError ?? 'no key in the evidence'}`);
    results = gradeQuizAnswers(quizText(evidence), evidence.quizKey, { file: QUIZ_FILE, items: quizItems });
    graded.set(evidence, results);
  }
  return results;
}

function fromQuiz(id: string): (evidence: Evidence) => CheckOutcome {
  return (evidence) => {
    const found = quizChecks(evidence).find((result) => result.id === id);
    if (found === undefined || found.status === 'error') throw new Error(`the quiz grader returned no ${id} check`);
    const { id: _id, status, ...rest } = found;
    return { status, ...rest };
  };
}

function quizFilePresent(evidence: Evidence): CheckOutcome {
  if (quizText(evidence) === undefined)
    return fail({
      message: `The repository has no ${QUIZ_FILE}.`,
      hint: `Answer the quiz in the main folder: wtlab quiz, then ${COMMIT_QUIZ_COMMANDS.join(' && ')}`,
      file: QUIZ_FILE,
    });
  return pass({ message: `${QUIZ_FILE} is there.` });
}

function quizCommitted(evidence: Evidence): CheckOutcome {
  if (evidence.quiz.committed === undefined) {
    return fail({
      message: `${QUIZ_FILE} is written but not committed on ${evidence.mainBranch ?? 'main'}.`,
      hint: `Commit it: ${COMMIT_QUIZ_COMMANDS.join(' && ')}`,
      file: QUIZ_FILE,
    });
  }
  return pass({ message: `${QUIZ_FILE} is committed on ${evidence.mainBranch}.` });
}

export default defineCriterion({
  id: 'concepts',
  title: 'What worktrees share and what each keeps to itself (the quiz)',
  points: 20,
  checks: [
    { id: 'quiz-present', title: `${QUIZ_FILE} exists`, run: quizFilePresent },
    { id: 'quiz-committed', title: `${QUIZ_FILE} is committed on main`, dependsOn: ['quiz-present'], run: quizCommitted },
    { id: 'quiz-file', title: `${QUIZ_FILE} reads as quiz answers`, dependsOn: ['quiz-present'], run: fromQuiz('quiz-file') },
    { id: 'quiz-complete', title: 'Every quiz item is answered', dependsOn: ['quiz-file'], run: fromQuiz('quiz-complete') },
    { id: 'quiz-correct', title: 'Every answer matches what git does', dependsOn: ['quiz-file'], run: fromQuiz('quiz-correct') },
  ],
});
