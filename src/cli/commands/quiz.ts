import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { resolveGitBinary } from '../../git/git-binary.js';
import { askQuiz, QuizStopped } from '../../quiz/ask-quiz.js';
import { findMainWorktree } from '../../quiz/main-worktree.js';
import { mergeAnswers, type MergedAnswers } from '../../quiz/merge-answers.js';
import { labNaming, type Lab, type LabQuiz } from '../../lab/define-lab.js';
import { commitQuizCommands, findQuizItem, formatQuizFile, parseQuizFile, type QuizAnswers } from '../../quiz/quiz-file.js';
import type { Answer } from '../../quiz/types.js';
import { RECORD_FILE } from '../../record/record-file.js';
import { takeSnapshot } from '../../snapshot/take-snapshot.js';
import { formatCommand } from '../../process/command-result.js';
import { writeFailure } from '../../paths/write-output-file.js';
import { collect } from '../options.js';
import { UserError } from '../../errors/user-error.js';

interface QuizOptions {
  readonly answer?: readonly string[];
  readonly answersFile?: string;
  readonly print?: boolean;
  readonly replace?: boolean;
  readonly git?: string;
}

const VALUES: Readonly<Record<string, Answer>> = { shared: 'shared', s: 'shared', 'per-worktree': 'per-worktree', w: 'per-worktree' };
function example(quiz: LabQuiz): string {
  return `wtlab quiz --answer ${quiz.items[0]?.id ?? 'commits'}=shared --answer index=per-worktree ...`;
}

function checkId(quiz: LabQuiz, id: string, where: string): void {
  if (findQuizItem(quiz.items, id) === undefined) {
    throw new UserError(
      'UNKNOWN_QUIZ_ITEM',
      `${where} names no quiz item ${JSON.stringify(id)}. The ids are: ${quiz.items.map((item) => item.id).join(', ')} (see wtlab quiz --print).`,
    );
  }
}

/** Parses `--answer id=value` flags (`value`: shared, per-worktree, s or w). */
export function parseAnswerFlags(flags: readonly string[], quiz: LabQuiz): QuizAnswers {
  const answers: Record<string, Answer> = {};
  for (const flag of flags) {
    const match = /^([^=]+)=(.*)$/.exec(flag);
    if (match === null) throw new UserError('BAD_ANSWER', `--answer ${flag} is not ID=ANSWER. Pass, for example: --answer index=per-worktree`);
    const [, id = '', value = ''] = match;
    checkId(quiz, id, `--answer ${flag}`);
    const answer = VALUES[value];
    if (answer === undefined)
      throw new UserError(
        'BAD_ANSWER',
        `--answer ${flag} has ${JSON.stringify(value)}, which is neither shared nor per-worktree. Pass --answer ${id}=shared or --answer ${id}=per-worktree`,
      );
    answers[id] = answer;
  }
  return answers;
}

/** Reads an answers file in the `worktree-quiz.json` format. */
export function readAnswersFile(file: string, quiz: LabQuiz): QuizAnswers {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(
      'ANSWERS_FILE',
      `answers file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Pass --answers-file with a path to a ${quiz.file}-style file.`,
    );
  }
  const parsed = parseQuizFile(text);
  if (!parsed.ok)
    throw new UserError('ANSWERS_FILE', `answers file ${file} ${parsed.problem}. It must look like {"schemaVersion": 1, "answers": {"commits": "shared"}}.`);
  const bad = parsed.invalid[0];
  if (bad !== undefined)
    throw new UserError('ANSWERS_FILE', `answers file ${file} gives ${bad.id} the value ${JSON.stringify(bad.value)}; use "shared" or "per-worktree".`);
  for (const id of Object.keys(parsed.answers)) checkId(quiz, id, `answers file ${file}`);
  return parsed.answers;
}

/** The answers file's text, or undefined when there is none. */
function readExisting(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(
      'QUIZ_FILE_UNREADABLE',
      `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check its permissions, or remove it and run wtlab quiz again.`,
    );
  }
}

function printQuestions(quiz: LabQuiz): void {
  process.stdout.write('Each item is either shared by every worktree of a repository (shared) or kept by each worktree for itself (per-worktree).\n\n');
  for (const item of quiz.items) process.stdout.write(`${item.id.padEnd(22)} ${item.topic}\n`);
}

async function collectAnswers(options: QuizOptions, quiz: LabQuiz): Promise<QuizAnswers> {
  const flags = options.answer ?? [];
  if (flags.length > 0 || options.answersFile !== undefined) {
    const fromFile = options.answersFile !== undefined ? readAnswersFile(resolve(options.answersFile), quiz) : {};
    return { ...fromFile, ...parseAnswerFlags(flags, quiz) };
  }
  if (!process.stdin.isTTY) {
    throw new UserError(
      'NO_TTY',
      `standard input is not a terminal, so the quiz cannot ask. Pass the answers instead: ${example(quiz)} (ids: wtlab quiz --print), or --answers-file FILE`,
    );
  }
  try {
    return await askQuiz({ items: quiz.items, input: process.stdin, output: process.stdout });
  } catch (error) {
    if (error instanceof QuizStopped) throw new UserError('QUIZ_STOPPED', `${error.message}. Run wtlab quiz again to answer.`);
    throw error;
  }
}

/** Writes the answers file; a folder the learner cannot write (or a link to a missing place) is one line and exit 2. */
function writeAnswers(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error)) throw error;
    const code = writeFailure(error);
    throw new UserError(
      'QUIZ_NOT_WRITTEN',
      `cannot write ${file} (${code}), so the answers were not saved. Make the folder writable for you (or remove a broken link there), then run wtlab quiz again: ls -ld ${formatCommand([file])}`,
    );
  }
}

function reportWritten(file: string, main: string, merged: MergedAnswers, quiz: LabQuiz): void {
  const { answers } = merged;
  const missing = quiz.items.filter((item) => answers[item.id] === undefined).map((item) => item.id);
  const lines = [`\nWrote ${Object.keys(answers).length} of ${quiz.items.length} answers to ${file}.`];
  if (merged.kept.length > 0)
    lines.push(
      `Kept ${merged.kept.length} earlier answer(s) from the file; changed: ${merged.changed.length > 0 ? merged.changed.join(', ') : 'none'}. (To start over: wtlab quiz --replace)`,
    );
  else if (merged.changed.length > 0) lines.push(`Changed: ${merged.changed.join(', ')}.`);
  if (merged.droppedInvalid.length > 0) lines.push(`Left out values that were neither shared nor per-worktree: ${merged.droppedInvalid.join(', ')}.`);
  if (missing.length > 0) lines.push(`No answer yet for: ${missing.join(', ')}. Run wtlab quiz again to answer every item.`);
  lines.push('Commit it:');
  if (resolve(process.cwd()) !== resolve(main)) lines.push(`  ${formatCommand(['cd', main])}`);
  lines.push(...commitQuizCommands(quiz.file).map((command) => `  ${command}`));
  lines.push('Then `wtlab grade` checks your answers against what git does.');
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `wtlab quiz`: asks what worktrees share and keep to themselves, and writes `worktree-quiz.json`. */
export function registerQuiz(program: Command, lab: Lab): void {
  const quiz = lab.quiz;
  const QUIZ_FILE = quiz.file;
  program
    .command('quiz')
    .description(`answer the worktree concepts quiz into ${QUIZ_FILE} in the main worktree`)
    .option('--answer <id=answer>', 'answer an item without asking (shared or per-worktree); repeat for each item', collect)
    .option('--answers-file <file>', `take the answers from a file in the ${QUIZ_FILE} format`)
    .option('--print', 'print the items and their ids, and exit')
    .option('--replace', `write only these answers, dropping the ones already in ${QUIZ_FILE} (default: add to them)`)
    .option('--git <bin>', 'git binary to use (default: $WTLAB_GIT or git on PATH)')
    .addHelpText(
      'after',
      `\nAnswers are added to those already in ${QUIZ_FILE}: an item answered again gets the new answer, every other answer stays.\n\nExamples:\n  wtlab quiz\n  wtlab quiz --print\n  ${example(quiz)}\n  wtlab quiz --replace --answers-file answers.json`,
    )
    .action(async (options: QuizOptions) => {
      if (options.print) {
        printQuestions(quiz);
        return;
      }
      const git = await resolveGitBinary(options.git);
      const main = await findMainWorktree(process.cwd(), { naming: labNaming(lab) });
      const file = join(main, QUIZ_FILE);
      const replaceCommand = [
        'wtlab quiz --replace',
        ...(options.answersFile !== undefined ? [`--answers-file ${options.answersFile}`] : []),
        ...(options.answer ?? []).map((flag) => `--answer ${flag}`),
      ].join(' ');
      // Checked before asking, so a learner never answers every item only to be refused.
      const existing = readExisting(file);
      mergeAnswers({ existing, given: {}, replaceCommand, file: QUIZ_FILE, ...(options.replace ? { replace: true } : {}) });
      const merged = mergeAnswers({
        existing,
        given: await collectAnswers(options, quiz),
        replaceCommand,
        file: QUIZ_FILE,
        ...(options.replace ? { replace: true } : {}),
      });
      writeAnswers(file, formatQuizFile(merged.answers, quiz.items));
      reportWritten(file, main, merged, quiz);
      // A record started with `wtlab snapshot` is taken again, so it also shows the cleanup done since.
      if (existsSync(join(main, RECORD_FILE))) {
        const taken = await takeSnapshot(main, { git, stateFile: lab.evidence.stateFile });
        process.stdout.write(
          `Updated ${taken.record} too (${taken.live.length} linked worktree(s) now, ${taken.kept} seen earlier). Commit it with the answers: git add ${RECORD_FILE}\n`,
        );
      }
    });
}
