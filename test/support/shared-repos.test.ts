import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { defineScenario } from '../../src/scenario/define-scenario.js';
import { lab } from '../../lab/index.js';
import { fingerprint, type BuiltRepo } from './build-repo.js';
import { testGit } from './git.js';
import { labUntil, MILESTONES, sequentialLab } from './lab-variants.js';
import { buildOnShared, sharedRepo, type SharedRepo } from './shared-repos.js';

let committed: SharedRepo;
let merged: SharedRepo;
let before: string[];
let continued: BuiltRepo;

beforeAll(async () => {
  committed = await sharedRepo('committed');
  before = fingerprint(committed.work);
  [merged, continued] = await Promise.all([
    sharedRepo('merged'),
    buildOnShared(
      'committed',
      defineScenario({
        name: 'committed-then-merged',
        summary: 'The lab to both merges, played on from the shared repo at both commits.',
        steps: labUntil(MILESTONES.merged),
      }),
    ),
  ]);
}, 240_000);
afterAll(() => continued?.sandbox.remove());

async function revParse(repo: string, ref: string): Promise<string> {
  const git = await testGit();
  const result = await runGit(git, ['rev-parse', ref], { cwd: repo, env: sealedEnv({ git, home: repo }) });
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout.trim();
}

function vector(report: GradeReport): string[] {
  return report.criteria.flatMap((criterion) => criterion.checks.map((check) => `${criterion.id}/${check.id} ${check.status}`));
}

describe('a shared repo played on in a copy (buildOnShared)', () => {
  it('makes the same commits as one run of the whole road: the merge on main has the same hash', async () => {
    expect(await revParse(continued.repo, 'main')).toBe(await revParse(merged.repo, 'main'));
    expect(await revParse(continued.repo, 'feature/remaining')).toBe(await revParse(merged.repo, 'feature/remaining'));
  });

  it('grades as the repo built in one run does, and leaves the shared repo as it was', async () => {
    const git = await testGit();
    const [fromContinued, fromMerged] = await Promise.all([gradeSubmission(continued.repo, { git, lab }), gradeSubmission(merged.repo, { git, lab })]);
    expect(vector(fromContinued)).toEqual(vector(fromMerged));
    expect(fromContinued.stage).toBe('merged');
    expect(fingerprint(committed.work)).toEqual(before);
  });

  it("refuses a road that does not start with the shared repo's steps, naming the first step that differs", async () => {
    await expect(buildOnShared('committed', sequentialLab())).rejects.toThrow(
      /road lab-sequential does not start with shared repo committed's steps: step 5 is "create tasks-app-wipe only now", not "bottleneck: branch for agent A"/,
    );
  });
});
