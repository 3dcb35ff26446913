import { ANSWERS, type Answer, type QuizItem } from './types.js';

/** The exact commands that commit the answers file (`file`: its name, as the lab's quiz gives it). */
export function commitQuizCommands(file: string): readonly string[] {
  return [`git add ${file}`, 'git commit -m "Answer the worktree quiz"'];
}

/** The item with this id among `items`, or undefined. */
export function findQuizItem(items: readonly QuizItem[], id: string): QuizItem | undefined {
  return items.find((item) => item.id === id);
}

export type QuizAnswers = Readonly<Record<string, Answer>>;

/** A value in the file that is neither `shared` nor `per-worktree`. */
export interface InvalidAnswer {
  readonly id: string;
  readonly value: unknown;
}

export type ParsedQuizFile =
  { readonly ok: true; readonly answers: QuizAnswers; readonly invalid: readonly InvalidAnswer[] } | { readonly ok: false; readonly problem: string };

/** True for `shared` and `per-worktree`. */
export function isAnswer(value: unknown): value is Answer {
  return typeof value === 'string' && (ANSWERS as readonly string[]).includes(value);
}

/** Why a file's text is not UTF-8 as read (decoded as UTF-8): UTF-16 leaves NUL bytes or its byte order mark, other encodings leave bytes that are not UTF-8. */
export function encodingProblem(text: string): string | undefined {
  if (text.startsWith('\uFFFD\uFFFD') || text.includes('\0')) return 'is saved as UTF-16, not UTF-8 (it holds NUL bytes or a UTF-16 byte order mark)';
  if (text.includes('\uFFFD')) return 'is not UTF-8 text (it holds bytes that are not UTF-8, e.g. Latin-1)';
  return undefined;
}

/**
 * Reads the text of a quiz answers file: `{ "schemaVersion": 1, "answers": { "<id>": "shared" | "per-worktree" } }`.
 * A UTF-8 byte order mark (as some editors save) is skipped; another encoding is a problem named in one line.
 */
export function parseQuizFile(text: string): ParsedQuizFile {
  const encoding = encodingProblem(text);
  if (encoding !== undefined) return { ok: false, problem: `${encoding}; save it as UTF-8` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    return { ok: false, problem: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, problem: 'is not a JSON object' };
  const file = parsed as Record<string, unknown>;
  if (file.schemaVersion !== 1) return { ok: false, problem: `has schemaVersion ${JSON.stringify(file.schemaVersion)}, not 1` };
  const answers = file.answers;
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) return { ok: false, problem: 'has no "answers" object' };
  const valid: Record<string, Answer> = {};
  const invalid: InvalidAnswer[] = [];
  for (const [id, value] of Object.entries(answers)) {
    if (isAnswer(value)) valid[id] = value;
    else invalid.push({ id, value });
  }
  return { ok: true, answers: valid, invalid };
}

/** The text of a quiz answers file, in the order of `items` (ids not among them last), ending with a newline. */
export function formatQuizFile(answers: QuizAnswers, items: readonly QuizItem[]): string {
  const order = items.map((item) => item.id);
  const ids = Object.keys(answers).sort((a, b) => (order.indexOf(a) + 1 || Infinity) - (order.indexOf(b) + 1 || Infinity));
  const sorted = Object.fromEntries(ids.map((id) => [id, answers[id]]));
  return `${JSON.stringify({ schemaVersion: 1, answers: sorted }, null, 2)}\n`;
}
