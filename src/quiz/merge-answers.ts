import { UserError } from '../cli/user-error.js';
import { parseQuizFile, QUIZ_FILE, type QuizAnswers } from './quiz-file.js';

/** What answering does to the answers file: the answers to write, and what became of the ones already there. */
export interface MergedAnswers {
  readonly answers: QuizAnswers;
  /** Ids whose earlier answer is kept as it was. */
  readonly kept: readonly string[];
  /** Ids whose earlier answer the new one replaces with another value. */
  readonly changed: readonly string[];
  /** Ids in the file whose value was neither answer and that no new answer covers (they are not answers, so they are left out). */
  readonly droppedInvalid: readonly string[];
}

export interface MergeAnswersOptions {
  /** The answers file's current text; undefined when there is none. */
  readonly existing: string | undefined;
  /** The answers just given (flags, a file or the interactive quiz). */
  readonly given: QuizAnswers;
  /** Write only the given answers, whatever the file holds. @default false */
  readonly replace?: boolean;
  /** How to run the same command with `--replace`, for the refusal's hint. */
  readonly replaceCommand: string;
}

/**
 * Merges new answers into the answers file's current ones: every earlier answer stays unless a new one
 * replaces it. A file that cannot be read as answers is never overwritten silently: a UserError says
 * why and how to replace it (`--replace`). Pure: the caller reads and writes the file.
 */
export function mergeAnswers(options: MergeAnswersOptions): MergedAnswers {
  const { existing, given } = options;
  if (existing === undefined || options.replace === true) return { answers: given, kept: [], changed: [], droppedInvalid: [] };
  const parsed = parseQuizFile(existing);
  if (!parsed.ok) {
    throw new UserError(
      'QUIZ_FILE_UNREADABLE',
      `${QUIZ_FILE} is already there but ${parsed.problem}, so the new answers cannot be added to it. To write only the new answers over it, run: ${options.replaceCommand}`,
    );
  }
  const kept = Object.keys(parsed.answers).filter((id) => given[id] === undefined);
  const changed = Object.keys(parsed.answers).filter((id) => given[id] !== undefined && given[id] !== parsed.answers[id]);
  const droppedInvalid = parsed.invalid.map((bad) => bad.id).filter((id) => given[id] === undefined);
  return { answers: { ...parsed.answers, ...given }, kept, changed, droppedInvalid };
}
