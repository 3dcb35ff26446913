import { describe, expect, it } from 'vitest';
import { gradeQuizAnswers } from '../../src/quiz/grade-quiz.js';
import { formatQuizFile } from '../../src/quiz/quiz-file.js';
import type { Answer, AnswerKey } from '../../src/quiz/types.js';
import { labQuiz } from '../../graders/quiz/index.js';

// A hand-made key: grading is a pure function of the text and a key, whatever git proved.
const answers: Record<string, Answer> = { commits: 'shared', stash: 'shared', index: 'per-worktree', head: 'per-worktree' };
const key: AnswerKey = {
  schemaVersion: 1,
  git: '2.39.5',
  itemsDigest: 'made-by-hand',
  derivedAt: '2026-01-01T00:00:00.000Z',
  answers,
  proofs: Object.entries(answers).map(([id, answer]) => ({ id, answer, evidence: 'made by hand for this test' })),
};

function statuses(text: string | undefined): Record<string, string> {
  return Object.fromEntries(gradeQuizAnswers(text, key, labQuiz).map((check) => [check.id, check.status]));
}

function check(text: string | undefined, id: string) {
  const found = gradeQuizAnswers(text, key, labQuiz).find((candidate) => candidate.id === id);
  if (found === undefined) throw new Error(`no check ${id}`);
  return found;
}

describe('gradeQuizAnswers', () => {
  it('passes a file with every answer right, without hints', () => {
    const text = formatQuizFile(answers, labQuiz.items);
    expect(statuses(text)).toEqual({ 'quiz-file': 'pass', 'quiz-complete': 'pass', 'quiz-correct': 'pass' });
    expect(gradeQuizAnswers(text, key, labQuiz).every((result) => result.hint === undefined)).toBe(true);
    expect(check(text, 'quiz-correct').evidence).toContain('git 2.39.5');
  });

  it('fails wrong answers, naming them and how to try them, without printing the right answer', () => {
    const text = formatQuizFile({ ...answers, stash: 'per-worktree', head: 'shared' }, labQuiz.items);
    expect(statuses(text)).toEqual({ 'quiz-file': 'pass', 'quiz-complete': 'pass', 'quiz-correct': 'fail' });
    const wrong = check(text, 'quiz-correct');
    expect(wrong.message).toBe('2 of 4 answers differ from what git does: stash, head.');
    expect(wrong.hint).toContain('git stash list');
    expect(wrong.hint).toContain('wtlab quiz');
    expect(wrong.hint).not.toMatch(/stash[^.]*\b(is|are) (shared|per-worktree)/);
  });

  it('fails a partial file on completeness, listing what is unanswered, and still checks what is there', () => {
    const text = formatQuizFile({ commits: 'shared', index: 'per-worktree' }, labQuiz.items);
    expect(statuses(text)).toEqual({ 'quiz-file': 'pass', 'quiz-complete': 'fail', 'quiz-correct': 'pass' });
    expect(check(text, 'quiz-complete').message).toBe('2 of 4 quiz items have no answer: stash, head.');
  });

  it('counts a value that is neither answer as unanswered and says so', () => {
    const text = JSON.stringify({ schemaVersion: 1, answers: { ...answers, head: 'Shared' } });
    expect(statuses(text)['quiz-complete']).toBe('fail');
    expect(check(text, 'quiz-complete').message).toBe('1 of 4 quiz items has no answer: head.');
    expect(check(text, 'quiz-complete').evidence).toContain('head="Shared"');
  });

  it('ignores ids that are not in the key, and says so in the evidence', () => {
    const text = JSON.stringify({ schemaVersion: 1, answers: { ...answers, sparkles: 'shared' } });
    expect(statuses(text)).toEqual({ 'quiz-file': 'pass', 'quiz-complete': 'pass', 'quiz-correct': 'pass' });
    expect(check(text, 'quiz-file').evidence).toContain('sparkles');
  });

  it('fails a missing file with the commands to answer and commit, skipping the rest', () => {
    expect(statuses(undefined)).toEqual({ 'quiz-file': 'fail', 'quiz-complete': 'skip', 'quiz-correct': 'skip' });
    expect(check(undefined, 'quiz-file').hint).toBe('Run: `wtlab quiz`, then `git add worktree-quiz.json && git commit -m "Answer the worktree quiz"`');
  });

  it.each([
    ['broken JSON', '{ "schemaVersion": 1, "answers": { ', /is not valid JSON \(.+\)/],
    ['a JSON array', '[]', /is not a JSON object/],
    ['another schema version', '{"schemaVersion": 2, "answers": {}}', /has schemaVersion 2, not 1/],
    ['no answers object', '{"schemaVersion": 1}', /has no "answers" object/],
  ])('fails %s, naming the problem', (_label, text, problem) => {
    expect(statuses(text)).toEqual({ 'quiz-file': 'fail', 'quiz-complete': 'skip', 'quiz-correct': 'skip' });
    expect(check(text, 'quiz-file').message).toMatch(problem);
  });

  it('fails an empty answers object on both completeness and correctness', () => {
    expect(statuses('{"schemaVersion": 1, "answers": {}}')).toEqual({ 'quiz-file': 'pass', 'quiz-complete': 'fail', 'quiz-correct': 'fail' });
  });

  it('reads a file with a UTF-8 byte order mark as any other', () => {
    const text = JSON.stringify({ schemaVersion: 1, answers: key.answers });
    expect(gradeQuizAnswers(`\uFEFF${text}`, key, labQuiz)).toEqual(gradeQuizAnswers(text, key, labQuiz));
  });

  it.each([
    [
      'UTF-16 with its byte order mark',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"schemaVersion": 1}', 'utf16le')]),
      /is saved as UTF-16, not UTF-8/,
    ],
    ['UTF-16 without one', Buffer.from('{"schemaVersion": 1}', 'utf16le'), /is saved as UTF-16, not UTF-8/],
    ['Latin-1', Buffer.from('{"schemaVersion": 1, "note": "caf\xe9"}', 'latin1'), /is not UTF-8 text/],
  ])('names a file saved as %s in one line, with no control character', (_label, bytes, problem) => {
    const [file] = gradeQuizAnswers(bytes.toString('utf8'), key, labQuiz);
    expect(file).toMatchObject({ status: 'fail', message: expect.stringMatching(problem) });
    expect(file?.message).not.toMatch(/[\u0000-\u001f]/);
  });
});
