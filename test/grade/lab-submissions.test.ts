import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { testGit } from '../support/git.js';
import { fingerprint } from '../support/build-repo.js';
import { sharedRepo, type SharedRepo } from '../support/shared-repos.js';
import { lab } from '../../lab/index.js';
import { ALL_PASS } from '../learners/variants/support/define-learner-variant.js';
import { REPO } from '../../scenarios/support/names.js';

let built: SharedRepo;
/** This file's own folder for archives, the CI checkout and git's HOME: the shared repo is only read. */
let out: string;
const files: Record<string, string> = {};

beforeAll(async () => {
  built = await sharedRepo('golden');
  out = mkdtempSync(join(tmpdir(), 'wtlab-lab-submissions-'));
  const git = await testGit();
  files.tgz = join(out, 'tasks-app.tar.gz');
  files.zip = join(out, 'tasks-app.zip');
  files.bundle = join(out, 'tasks-app.bundle');
  await create({ gzip: true, file: files.tgz, cwd: built.work }, [REPO]);
  // Python's zipfile rather than a zip binary, which not every CI image has.
  const zipScript =
    'import os, sys, zipfile\nz = zipfile.ZipFile(sys.argv[1], "w")\nfor root, dirs, names in os.walk(sys.argv[2]):\n    for name in names:\n        z.write(os.path.join(root, name))\nz.close()\n';
  execFileSync('python3', ['-c', zipScript, files.zip, REPO], { cwd: built.work });
  const env = sealedEnv({ git, home: out });
  files.checkout = join(out, 'ci-checkout');
  // As a course's CI checks a push out: a fresh clone, every remote branch made a local one.
  expect((await runGit(git, ['clone', '-q', '--no-local', built.repo, files.checkout], { cwd: out, env })).exitCode).toBe(0);
  for (const branch of ['feature/wipe', 'feature/remaining']) {
    await runGit(git, ['branch', '--force', '--no-track', branch, `refs/remotes/origin/${branch}`], { cwd: files.checkout, env });
  }
  const bundled = await runGit(git, ['bundle', 'create', files.bundle, '--all'], { cwd: built.repo, env: sealedEnv({ git, home: out }) });
  expect(bundled.exitCode, bundled.stderr).toBe(0);
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function grade(source: string): Promise<GradeReport> {
  return gradeSubmission(source, { git: await testGit(), lab });
}

function statuses(report: GradeReport): Record<string, string> {
  return Object.fromEntries(report.criteria.map((criterion) => [criterion.id, criterion.status]));
}

function failures(report: GradeReport): string[] {
  return report.criteria.flatMap((criterion) =>
    criterion.checks.filter((check) => check.status === 'fail' || check.status === 'error').map((check) => `${criterion.id}/${check.id}: ${check.message}`),
  );
}

describe('the repo the lab scenario leaves behind', () => {
  it('grades 100/100 as a folder, at stage cleaned, without touching a byte of it', async () => {
    const before = fingerprint(built.work);
    const report = await grade(built.repo);
    expect(fingerprint(built.work)).toEqual(before);
    expect(failures(report)).toEqual([]);
    expect(report).toMatchObject({ schemaVersion: 1, submission: built.repo, stage: 'cleaned', score: 100, maxScore: 100 });
    expect(statuses(report)).toEqual(ALL_PASS);
    expect(report.graph).toContain("Merge branch 'feature/remaining'");
  });

  it('refuses a subfolder of the repo, naming the repository and the folder to grade instead', async () => {
    await expect(grade(join(built.repo, '.git', 'refs'))).rejects.toThrow(
      `is not the top of a git repository: it lies inside the repository at ${built.repo}, and grading it would grade that one. Grade the repository's top folder instead: wtlab grade ${built.repo}`,
    );
  });

  it.each([
    ['a clone (file:// URL)', () => `file://${built.repo}`],
    ['a .bundle', () => files.bundle as string],
    ['a CI checkout (a fresh clone with every branch local)', () => files.checkout as string],
  ])('as %s: what only the folder shows is graded from the committed record, and says so', async (_label, source) => {
    const report = await grade(source());
    expect(failures(report)).toEqual([]);
    expect(statuses(report)).toEqual(ALL_PASS);
    const fromRecord = report.criteria.flatMap((criterion) =>
      criterion.checks.filter((check) => check.message.includes('From the committed worktree-evidence.json')),
    );
    expect(fromRecord.map((check) => check.id)).toEqual(
      expect.arrayContaining(['linked-worktrees', 'same-time', 'committed-in-linked-worktrees', 'only-main-worktree', 'nothing-lost']),
    );
    expect(report).toMatchObject({ score: 100, maxScore: 100, stage: 'cleaned' });
    expect(report.warnings ?? []).toEqual([]);
  });

  it.each([
    ['a .tar.gz', () => files.tgz as string],
    ['a .zip', () => files.zip as string],
  ])('as %s: reflogs travel along, only the sibling folders cannot be seen', async (_label, source) => {
    const report = await grade(source());
    expect(failures(report)).toEqual([]);
    expect(report).toMatchObject({ score: 100, maxScore: 100, stage: 'cleaned' });
    const stray = report.criteria.find((criterion) => criterion.id === 'cleaned-up')?.checks.find((check) => check.id === 'no-stray-siblings');
    expect(stray?.status).toBe('skip');
  });
});
