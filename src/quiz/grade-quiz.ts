import type { CheckResult } from '../grade/report-types.js';
import { commitQuizCommands, findQuizItem, parseQuizFile } from './quiz-file.js';
import type { AnswerKey, QuizItem } from './types.js';

/** The quiz being graded: its answers file's name and its items (the lab's quiz). */
export interface GradeQuizOptions {
  readonly file: string;
  readonly items: readonly QuizItem[];
}

function list(ids: readonly string[]): string {
  return ids.join(', ');
}

function skipped(id: string, reason: string, hint: string): CheckResult {
  return { id, status: 'skip', message: `${reason}, so there are no answers to check.`, hint };
}

/**
 * Grades the text of `worktree-quiz.json` against an answer key proven on git. Pure: no I/O.
 *
 * `text` is the file's content as committed (undefined when the repository has no such file).
 * Returns three checks in this order, shaped as `CheckResult`:
 * - `quiz-file`: the file exists and reads as quiz answers (fails naming the JSON error);
 * - `quiz-complete`: every item of the key has an answer (fails listing the unanswered ids);
 * - `quiz-correct`: every given answer matches the key (fails listing the wrong ids, with a way
 *   to see each one in a worktree, never the right answer itself).
 * When `quiz-file` fails the other two are `skip`. The pass threshold is all of it: the criterion
 * passes only when all three checks pass, i.e. every item answered and every answer right.
 */
export function gradeQuizAnswers(text: string | undefined, key: Pick<AnswerKey, 'git' | 'answers'>, quiz: GradeQuizOptions): readonly CheckResult[] {
  const QUIZ_FILE = quiz.file;
  const COMMIT_QUIZ_COMMANDS = commitQuizCommands(QUIZ_FILE);
  const ANSWER_AND_COMMIT = `Run: \`wtlab quiz\`, then \`${COMMIT_QUIZ_COMMANDS.join(' && ')}\``;
  const LOCATION = { file: QUIZ_FILE } as const;
  if (text === undefined) {
    return [
      { id: 'quiz-file', status: 'fail', message: `The repository has no ${QUIZ_FILE}.`, hint: ANSWER_AND_COMMIT, location: LOCATION },
      skipped('quiz-complete', `${QUIZ_FILE} is missing`, ANSWER_AND_COMMIT),
      skipped('quiz-correct', `${QUIZ_FILE} is missing`, ANSWER_AND_COMMIT),
    ];
  }
  const parsed = parseQuizFile(text);
  if (!parsed.ok) {
    return [
      {
        id: 'quiz-file',
        status: 'fail',
        message: `${QUIZ_FILE} ${parsed.problem}.`,
        hint: `Write it again with \`wtlab quiz\`, then commit it: \`${COMMIT_QUIZ_COMMANDS.join(' && ')}\``,
        location: LOCATION,
      },
      skipped('quiz-complete', `${QUIZ_FILE} cannot be read`, ANSWER_AND_COMMIT),
      skipped('quiz-correct', `${QUIZ_FILE} cannot be read`, ANSWER_AND_COMMIT),
    ];
  }
  const keyIds = Object.keys(key.answers);
  const given = parsed.answers;
  const unknown = Object.keys(given).filter((id) => key.answers[id] === undefined);
  const fileCheck: CheckResult = {
    id: 'quiz-file',
    status: 'pass',
    message: `${QUIZ_FILE} holds answers to ${keyIds.filter((id) => given[id] !== undefined).length} of ${keyIds.length} quiz items.`,
    ...(unknown.length > 0 ? { evidence: `ignored ids that are not in the quiz: ${list(unknown)}` } : {}),
  };

  const unanswered = keyIds.filter((id) => given[id] === undefined);
  const invalidNote =
    parsed.invalid.length > 0
      ? `values that are neither shared nor per-worktree: ${parsed.invalid.map(({ id, value }) => `${id}=${JSON.stringify(value)}`).join(', ')}`
      : undefined;
  const completeCheck: CheckResult =
    unanswered.length === 0
      ? { id: 'quiz-complete', status: 'pass', message: `Every one of the ${keyIds.length} quiz items has an answer.` }
      : {
          id: 'quiz-complete',
          status: 'fail',
          message: `${unanswered.length} of ${keyIds.length} quiz items ${unanswered.length === 1 ? 'has' : 'have'} no answer: ${list(unanswered)}.`,
          ...(invalidNote !== undefined ? { evidence: invalidNote } : {}),
          hint: ANSWER_AND_COMMIT,
          location: LOCATION,
        };

  const answered = keyIds.filter((id) => given[id] !== undefined);
  const wrong = answered.filter((id) => given[id] !== key.answers[id]);
  const provenOn = `answer key proven on git ${key.git}`;
  let correctCheck: CheckResult;
  if (answered.length === 0) {
    correctCheck = {
      id: 'quiz-correct',
      status: 'fail',
      message: 'No quiz item is answered, so none is right yet.',
      evidence: provenOn,
      hint: ANSWER_AND_COMMIT,
      location: LOCATION,
    };
  } else if (wrong.length === 0) {
    correctCheck = { id: 'quiz-correct', status: 'pass', message: `All ${answered.length} answers match what git does.`, evidence: provenOn };
  } else {
    const tries = wrong.map((id) => `${id}: ${findQuizItem(quiz.items, id)?.tryIt ?? 'see git help worktree'}`).join(' ');
    correctCheck = {
      id: 'quiz-correct',
      status: 'fail',
      message: `${wrong.length} of ${answered.length} answers ${wrong.length === 1 ? 'differs' : 'differ'} from what git does: ${list(wrong)}.`,
      evidence: provenOn,
      hint: `See for yourself in your worktrees (${tries}) Then run \`wtlab quiz\` again and commit: \`${COMMIT_QUIZ_COMMANDS.join(' && ')}\``,
      location: LOCATION,
    };
  }
  return [fileCheck, completeCheck, correctCheck];
}
