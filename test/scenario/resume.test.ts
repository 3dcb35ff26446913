import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lab } from '../../lab/index.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { defineScenario } from '../../src/scenario/define-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { check, withId } from '../../src/scenario/steps.js';
import type { Scenario, Step } from '../../src/scenario/types.js';
import { buildRepo, type BuiltRun } from '../support/build-repo.js';
import { testGit, testLab } from '../support/git.js';
import { mergeBoth, parallelWork, start, worktreesByScript } from '../learners/variants/support/segments.js';

/** The lab up to both merges, the worktrees still there: long enough that dates and linked worktrees matter. */
const road: Scenario = defineScenario({
  name: 'resume-road',
  summary: 'Start, worktrees by script, parallel work, both merges.',
  steps: [...start(), ...worktreesByScript(), ...parallelWork(), ...mergeBoth()],
});
/** Where the resumed run goes on: after both commits, before the merges (which run in the copy). */
const stepsDone = road.steps.length - mergeBoth().length;

let whole: BuiltRun;
let prefix: BuiltRun;
let resumed: BuiltRun;

beforeAll(async () => {
  [whole, prefix] = await Promise.all([buildRepo(road), buildRepo({ ...road, steps: road.steps.slice(0, stepsDone) })]);
  resumed = await buildRepo(road, { resume: { from: prefix.work, stepsDone, results: prefix.steps } });
});
afterAll(() => Promise.all([whole, prefix, resumed].map((built) => built?.sandbox.remove())));

/** Every reflog of the repo and its worktrees, as git wrote them: old and new ids, who, when (seconds), what. */
function reflogs(repo: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else found[path.slice(repo.length)] = readFileSync(path, 'utf8');
    }
  };
  const gitDir = join(repo, '.git');
  walk(join(gitDir, 'logs'));
  for (const id of readdirSync(join(gitDir, 'worktrees'))) walk(join(gitDir, 'worktrees', id, 'logs'));
  return found;
}

function vector(report: GradeReport): string[] {
  return report.criteria.flatMap((criterion) => criterion.checks.map((check) => `${criterion.id}/${check.id} ${check.status}`));
}

describe('a scenario resumed from a copy of an earlier run', () => {
  it('runs only the steps after the ones done, numbered as in the whole scenario', () => {
    expect(resumed.steps.map((step) => step.name)).toEqual(road.steps.slice(stepsDone).map((step) => step.name));
    expect(resumed.steps.every((step) => step.status !== 'fail')).toBe(true);
    expect(resumed.work).not.toBe(prefix.work);
  });

  it('gives the same commits, branches and reflogs (dates included) as the whole replay', async () => {
    const git = await testGit();
    const refs = (built: BuiltRun) =>
      runGit(git, ['for-each-ref', '--format=%(refname) %(objectname)'], {
        cwd: built.repo,
        env: sealedEnv({ git, home: built.sandbox.home, shimDir: built.sandbox.bin }),
      });
    const [fromWhole, fromResumed] = await Promise.all([refs(whole), refs(resumed)]);
    expect(fromResumed.stdout).toBe(fromWhole.stdout);
    expect(fromWhole.stdout).toContain('refs/heads/main ');
    expect(reflogs(resumed.repo)).toEqual(reflogs(whole.repo));
  });

  it('grades as the whole replay, check by check', async () => {
    const git = await testGit();
    const [fromWhole, fromResumed] = await Promise.all([gradeSubmission(whole.repo, { git, lab }), gradeSubmission(resumed.repo, { git, lab })]);
    expect(vector(fromResumed)).toEqual(vector(fromWhole));
    expect(fromResumed.stage).toBe(fromWhole.stage);
  });
});

describe("a resumed step that asks an earlier step's result", () => {
  const asks: Step = check('read the first step', (context) => [context.result('first')?.status === 'pass' ? '' : 'no result of first'].filter(Boolean));
  const scenario = defineScenario({
    name: 'asks',
    summary: 'A check reads the result of a step before it.',
    steps: [
      withId(
        'first',
        check('first', () => []),
      ),
      asks,
    ],
  });

  it('fails, saying whose result is missing, when the results of the steps done are not handed over', async () => {
    const run = await runScenario(scenario, { git: await testGit(), lab: testLab(), resume: { from: testLab().start, stepsDone: 1 } });
    expect(run.result.status).toBe('fail');
    expect(run.result.steps[0]?.failures).toEqual([expect.stringMatching(/step first ran before this run resumed .*give resume\.results/)]);
  });

  it('reads it when they are, and skips the rest after a failed one as a whole run does', async () => {
    const first = { id: 'first', name: 'first', kind: 'check', failures: [], drift: [], durationMs: 0 } as const;
    const options = { git: await testGit(), lab: testLab() };
    const passed = await runScenario(scenario, { ...options, resume: { from: testLab().start, stepsDone: 1, results: [{ ...first, status: 'pass' }] } });
    expect(passed.result.steps.map((step) => step.status)).toEqual(['pass']);
    expect(passed.result.resumed).toEqual({ from: testLab().start, stepsDone: 1 });
    const failed = await runScenario(scenario, { ...options, resume: { from: testLab().start, stepsDone: 1, results: [{ ...first, status: 'fail' }] } });
    expect(failed.result.steps.map((step) => step.status)).toEqual(['skipped']);
    expect(failed.result.status).toBe('fail');
  });

  it('refuses a count of steps done the scenario does not have, or results that do not match it', async () => {
    const options = { git: await testGit(), lab: testLab() };
    await expect(runScenario(scenario, { ...options, resume: { from: testLab().start, stepsDone: 3 } })).rejects.toThrow(RangeError);
    await expect(runScenario(scenario, { ...options, resume: { from: testLab().start, stepsDone: 1.5 } })).rejects.toThrow(/whole number/);
    await expect(runScenario(scenario, { ...options, resume: { from: testLab().start, stepsDone: 1, results: [] } })).rejects.toThrow(/one per step/);
  });

  it('throws the file system error when the folder to go on from is not there', async () => {
    await expect(runScenario(scenario, { git: await testGit(), lab: testLab(), resume: { from: '/nonexistent/wtlab-work', stepsDone: 1 } })).rejects.toThrow(
      /ENOENT/,
    );
  });
});
