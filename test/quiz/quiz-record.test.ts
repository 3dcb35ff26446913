import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labQuiz } from '../../graders/quiz/index.js';
import { lab } from '../../lab/index.js';
import { SNAPSHOT_FILE } from '../../src/evidence/read-snapshot.js';
import type { GitBinary } from '../../src/git/git-binary.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { deriveAnswerKey } from '../../src/quiz/derive-answer-key.js';
import { formatQuizFile } from '../../src/quiz/quiz-file.js';
import { RECORD_FILE, type RecordFile } from '../../src/record/record-file.js';
import type { BuiltRepo } from '../support/build-repo.js';
import { wtlab } from '../support/cli.js';
import { testGit } from '../support/git.js';
import { labUntil } from '../support/lab-variants.js';
import { buildOnShared } from '../support/shared-repos.js';

/**
 * `wtlab quiz` takes the committed record again when there is one (the learner ran `wtlab snapshot` before cleanup):
 * re-taking the quiz, adding answers or replacing them, keeps a record that a clone still verifies and grades from;
 * a record edited by hand to claim worktrees that never existed is ignored with a warning.
 */

let git: GitBinary;
let built: BuiltRepo;
let answers = '';

function verdicts(report: GradeReport): Record<string, string> {
  return Object.fromEntries(report.criteria.map((criterion) => [criterion.id, criterion.status]));
}

async function commit(message: string, ...files: string[]): Promise<void> {
  const env = sealedEnv({ git, home: join(built.work, 'home-for-test') });
  for (const args of [
    ['add', ...files],
    ['commit', '-q', '-m', message],
  ]) {
    const result = await runGit(git, args, { cwd: built.repo, env });
    if (result.exitCode !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  }
}

/** The quiz through the real CLI in the main folder, then the answers and the record it refreshed committed, as its output says. */
async function quizAndCommit(args: readonly string[]): Promise<string> {
  const run = await wtlab(['quiz', ...args], { cwd: built.repo });
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  expect(run.stdout).toContain(`Updated ${join(built.repo, RECORD_FILE)} too (0 linked worktree(s) now, 2 seen earlier)`);
  await commit('Answer the quiz and record the cleanup', lab.quiz.file, RECORD_FILE);
  return run.stdout;
}

async function gradeClone(): Promise<GradeReport> {
  return gradeSubmission(`file://${built.repo}`, { git, lab });
}

beforeAll(async () => {
  git = await testGit();
  // The lab up to the cleanup: `wtlab snapshot` taken while both worktrees lived, then the cleanup script; no quiz yet
  // (played on from a copy of the run's shared lab at its last step before cleanup).
  built = await buildOnShared('checked', {
    name: 'quiz-retaken',
    summary: 'The lab to its cleanup, the record taken before it.',
    steps: labUntil('no-worktree-records'),
  });
  const key = await deriveAnswerKey(git, { quiz: labQuiz });
  answers = join(built.work, 'answers.json');
  writeFileSync(answers, formatQuizFile(key.answers, labQuiz.items));
}, 240_000);

afterAll(async () => {
  await built?.sandbox.remove();
});

describe('wtlab quiz taken again and again, its record committed each time', () => {
  it('first time: the record now shows the cleanup, and a clone gets 100/100 from it without a warning', async () => {
    await quizAndCommit(['--answers-file', answers]);
    const record = JSON.parse(readFileSync(join(built.repo, RECORD_FILE), 'utf8')) as RecordFile;
    expect(record.linked).toHaveLength(2);
    expect(record.worktrees).toEqual([]);
    const clone = await gradeClone();
    expect(clone.warnings ?? []).toEqual([]);
    expect(clone).toMatchObject({ score: 100, maxScore: 100 });
  });

  it('again with one --answer merged in: the record still verifies; the changed answer is graded', async () => {
    const stdout = await quizAndCommit(['--answer', 'index=shared']);
    expect(stdout).toContain('changed: index');
    const clone = await gradeClone();
    expect(clone.warnings ?? []).toEqual([]);
    expect(verdicts(clone)).toMatchObject({ 'three-worktrees': 'pass', 'cleaned-up': 'pass', concepts: 'fail' });
  });

  it('again with --replace: the record still verifies and every criterion passes again', async () => {
    await quizAndCommit(['--replace', '--answers-file', answers]);
    const clone = await gradeClone();
    expect(clone.warnings ?? []).toEqual([]);
    expect(clone).toMatchObject({ score: 100, maxScore: 100 });
  });
});

describe('a record edited by hand to claim worktrees that never existed', () => {
  it('is ignored with a warning: the clone skips what only the record could show', async () => {
    const path = join(built.repo, RECORD_FILE);
    const record = JSON.parse(readFileSync(path, 'utf8')) as RecordFile & { linked: { path: string; branch?: string }[] };
    const fake = '0123456789abcdef0123456789abcdef01234567';
    const taken = record.takenAt ?? 0;
    const forged = {
      ...record,
      linked: [...record.linked, { ...record.linked[0], path: join(built.work, 'tasks-app-extra'), branch: 'feature/extra', seenAt: taken }],
      headReflogs: [
        ...(record.headReflogs ?? []),
        {
          ref: 'worktrees/tasks-app-extra/HEAD',
          owner: 'tasks-app-extra',
          entries: [{ old: '0'.repeat(40), new: fake, time: taken - 60, message: 'commit: Extra work', action: 'commit' }],
        },
      ],
    };
    writeFileSync(path, `${JSON.stringify(forged, null, 2)}\n`);
    await commit('Record the worktrees (edited)', RECORD_FILE);
    const clone = await gradeClone();
    expect(clone.warnings?.join('\n')).toMatch(/committed record is ignored: worktree-evidence\.json contradicts the repository: it names commit 0123456/);
    expect(verdicts(clone)).toMatchObject({ 'three-worktrees': 'skip', 'cleaned-up': 'skip' });
  });

  it('also when the forged worktrees went through wtlab quiz: what it keeps from the earlier snapshot is checked as well', async () => {
    const snapshot = join(built.repo, '.git', SNAPSHOT_FILE);
    writeFileSync(snapshot, readFileSync(join(built.repo, RECORD_FILE), 'utf8'));
    const run = await wtlab(['quiz', '--answers-file', answers], { cwd: built.repo });
    expect(run.exitCode).toBe(0);
    await commit('Answer the quiz again', RECORD_FILE);
    const clone = await gradeClone();
    expect(clone.warnings?.join('\n')).toMatch(/committed record is ignored/);
    expect(verdicts(clone)).toMatchObject({ 'three-worktrees': 'skip', 'cleaned-up': 'skip' });
  });
});
