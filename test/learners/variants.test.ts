import { readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criteria } from '../../graders/index.js';
import { learnerVariants } from './variants/index.js';
import type { LearnerVariant, VerdictVector } from './variants/support/define-learner-variant.js';
import { formatVariantsTable, TABLE_FILE } from '../../scripts/variants-table.js';
import { exitCodeFor } from '../../src/cli/commands/grade.js';
import { gradeSubmission, type GradeOptions } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { packageRoot } from '../../src/paths/package-root.js';
import { withoutSandboxWarning, wtlab } from '../support/cli.js';
import { testGit } from '../support/git.js';
import { buildRepo, type BuiltRepo } from '../support/build-repo.js';
import { lab } from '../../lab/index.js';
import { commitRecord } from '../support/commit-record.js';
import { limitConcurrency } from '../../src/scenario/run-pool.js';
import { check } from '../../src/scenario/steps.js';
import type { Step } from '../../src/scenario/types.js';
import { takeSnapshot } from '../../src/snapshot/take-snapshot.js';
import { STATE_FILE } from '../../graders/lab.js';
import { CLEANUP_STEP, REPO } from './variants/support/segments.js';
import { planSharedPrefixes, resumeAt, type SharedPrefix } from '../support/shared-prefixes.js';

/** The variant whose folder is also graded by the real CLI. */
const CLI_VARIANT = 'wrong-quiz-missing';

interface Graded {
  readonly report: GradeReport;
  readonly clone: GradeReport | undefined;
  /**
   * A clone of the repo after the learner took the record as the hints say (`wtlab snapshot` before cleanup, again at
   * the end) and committed it on main; undefined without main or master.
   */
  readonly recorded: { readonly report: GradeReport } | undefined;
  /** `wtlab snapshot` ran before cleanup (not only at the end): the learner's folder then holds more than the variant's. */
  readonly recordedBeforeCleanup: boolean;
  readonly built: BuiltRepo;
  /** What every grade of the variant was given (its secondsPerCommand included). */
  readonly options: GradeOptions;
}

const graded = new Map<string, Promise<Graded>>();

/** `WTLAB_VARIANTS=name,name` builds only those (while working on a variant); the whole-catalogue checks then do not run. */
const only = process.env.WTLAB_VARIANTS?.split(',').filter(Boolean);
const chosen = only === undefined ? learnerVariants : learnerVariants.filter((variant) => only.includes(variant.name));

/** The record `wtlab snapshot` took mid-road, held aside so the folder is graded as the variant left it (no snapshot). */
interface HeldRecord {
  /** Where wtlab snapshot keeps it (inside the git dir), and its text. */
  taken?: { readonly file: string; readonly text: string };
}

/**
 * The variant's steps with `wtlab snapshot` run where the hints say, before cleanup (the step `recordBefore` names, by
 * id or name; by default the one labRoad marks CLEANUP_STEP). Its record is then moved out of the repo into `held`,
 * so the folder and the plain clone are graded as the variant's road leaves them. A road that takes the lab's own
 * record, or that never cleans up, is left as it is: its record is taken at the end.
 */
function withRecordBeforeCleanup(variant: LearnerVariant, held: HeldRecord): readonly Step[] {
  const { steps } = variant;
  if (steps.some((step) => step.id === 'record-snapshot')) return steps;
  const target = variant.recordBefore ?? CLEANUP_STEP;
  const at = steps.findIndex((step) => step.id === target || step.name === target);
  if (at === -1 && variant.recordBefore !== undefined) throw new Error(`${variant.name}: recordBefore names no step: ${variant.recordBefore}`);
  if (at === -1) return steps;
  const record = check('wtlab snapshot before cleaning up (its record is held aside until the folder is graded)', async (context) => {
    const taken = await takeSnapshot(context.path(REPO), { git: context.git, stateFile: STATE_FILE });
    held.taken = { file: taken.file, text: await readFile(taken.file, 'utf8') };
    await Promise.all([rm(dirname(taken.file), { recursive: true, force: true }), rm(taken.record, { force: true })]);
    return [];
  });
  return [...steps.slice(0, at), record, ...steps.slice(at)];
}

/** A variant ready to build: its steps (the record before cleanup included), where its record is held, the prefix it shares. */
interface Planned {
  readonly variant: LearnerVariant;
  readonly steps: readonly Step[];
  readonly held: HeldRecord;
  readonly prefix: SharedPrefix | undefined;
}

/**
 * Builds a variant's repo by its steps (going on from a copy of the deepest prefix it shares with other variants, so
 * shared steps run once per test run, with the dates a whole replay gives them) and grades it in-process as the grade
 * command does: as a folder and as a clone; then as a clone again once the learner's record (before cleanup and again
 * at the end, as `wtlab quiz` or the hints do) is committed on main.
 */
async function buildAndGrade(planned: Planned): Promise<Graded> {
  const { variant, steps, held } = planned;
  const git = await testGit();
  const resume = await resumeAt(planned.prefix);
  const built = await buildRepo({ name: variant.name, summary: variant.summary, steps }, resume === undefined ? {} : { resume });
  const options: GradeOptions = { git, lab, ...(variant.secondsPerCommand === undefined ? {} : { secondsPerCommand: variant.secondsPerCommand }) };
  const report = await gradeSubmission(built.repo, options);
  const clone = variant.expect.clone === undefined ? undefined : await gradeSubmission(`file://${built.repo}`, options);
  // The record taken before cleanup goes back where wtlab snapshot keeps it, so taking it again at the end keeps what it saw.
  if (held.taken !== undefined) {
    await mkdir(dirname(held.taken.file), { recursive: true });
    await writeFile(held.taken.file, held.taken.text);
  }
  const committed = await commitRecord(built.repo, git);
  const recorded = committed.branch === undefined ? undefined : { report: await gradeSubmission(`file://${built.repo}`, options) };
  return { report, clone, recorded, recordedBeforeCleanup: held.taken !== undefined, built, options };
}

beforeAll(() => {
  // A pool of two: the machine has two cores, and each build runs git and python processes.
  const limit = limitConcurrency(2);
  const roads = chosen.flatMap((variant) => {
    const held: HeldRecord = {};
    try {
      return [{ variant, held, name: variant.name, steps: withRecordBeforeCleanup(variant, held) }];
    } catch (error) {
      // A variant whose steps cannot be laid out fails its own tests, not the others'.
      const failed = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      failed.catch(() => undefined);
      graded.set(variant.name, failed);
      return [];
    }
  });
  const prefixes = planSharedPrefixes(roads);
  for (const road of roads) {
    const { variant } = road;
    const promise = limit(() => buildAndGrade({ ...road, prefix: prefixes.get(variant.name) }));
    promise.catch(() => undefined);
    graded.set(variant.name, promise);
  }
});

afterAll(async () => {
  await Promise.all(
    [...graded.values()].map((promise) =>
      promise.then(
        (done) => done.built.sandbox.remove(),
        () => undefined,
      ),
    ),
  );
});

function gradedOf(name: string): Promise<Graded> {
  const found = graded.get(name);
  if (found === undefined) throw new Error(`no variant named ${name}`);
  return found;
}

function verdictsOf(report: GradeReport): Record<string, string> {
  return Object.fromEntries(report.criteria.map((criterion) => [criterion.id, criterion.status]));
}

function checksWith(report: GradeReport, status: string): string[] {
  return report.criteria.flatMap((criterion) => criterion.checks.filter((check) => check.status === status).map((check) => `${criterion.id}/${check.id}`));
}

function explain(report: GradeReport): string {
  return report.criteria
    .flatMap((criterion) =>
      criterion.checks.filter((check) => check.status !== 'pass').map((check) => `${criterion.id}/${check.id} ${check.status}: ${check.message}`),
    )
    .join('\n');
}

describe('the catalogue', () => {
  it('has at least 8 valid and 24 wrong roads, each name unique', () => {
    expect(learnerVariants.filter((variant) => variant.road === 'valid').length).toBeGreaterThanOrEqual(8);
    expect(learnerVariants.filter((variant) => variant.road === 'wrong').length).toBeGreaterThanOrEqual(24);
    expect(new Set(learnerVariants.map((variant) => variant.name)).size).toBe(learnerVariants.length);
  });

  it('declares valid roads as passing everything gradable and wrong roads as failing something', () => {
    for (const variant of learnerVariants) {
      const failing = Object.values(variant.expect.verdicts).filter((verdict) => verdict === 'fail');
      if (variant.road === 'valid')
        expect({ name: variant.name, failing, checks: variant.expect.failingChecks, exit: variant.expect.exitCode }).toEqual({
          name: variant.name,
          failing: [],
          checks: [],
          exit: 0,
        });
      else expect(failing.length, variant.name).toBeGreaterThan(0);
    }
  });

  it('the table in docs/learner-variants.md is generated from the catalogue', () => {
    const committed = readFileSync(join(packageRoot(), TABLE_FILE), 'utf8');
    expect(committed, 'run: npm run variants:table').toBe(formatVariantsTable(learnerVariants));
  });
});

describe.each(chosen.map((variant) => [variant.name, variant] as const))('%s', (name, variant) => {
  it('gets its whole verdict vector, failing checks, stage and exit code as a folder', async () => {
    const { report } = await gradedOf(name);
    const why = explain(report);
    expect(checksWith(report, 'error'), why).toEqual([]);
    expect(verdictsOf(report), why).toEqual(variant.expect.verdicts);
    expect(checksWith(report, 'fail'), why).toEqual(variant.expect.failingChecks);
    expect(report.stage, why).toBe(variant.expect.stage);
    expect(exitCodeFor([report])).toBe(variant.expect.exitCode);
  });

  it.runIf(variant.expect.clone !== undefined)('as a clone: local-only checks skip, and no criterion fails that the folder passes', async () => {
    const { report, clone } = await gradedOf(name);
    const expected = variant.expect.clone as { readonly verdicts: VerdictVector; readonly exitCode: 0 | 1 };
    if (clone === undefined) throw new Error('no clone report');
    const why = explain(clone);
    expect(checksWith(clone, 'error'), why).toEqual([]);
    expect(verdictsOf(clone), why).toEqual(expected.verdicts);
    expect(exitCodeFor([clone])).toBe(expected.exitCode);
    // A clone holds less than the folder, so it may skip more but never fail a criterion the folder passes.
    const folderFails = new Set(report.criteria.filter((criterion) => criterion.status === 'fail').map((criterion) => criterion.id));
    expect(
      clone.criteria.filter((criterion) => criterion.status === 'fail' && !folderFails.has(criterion.id)).map((criterion) => criterion.id),
      why,
    ).toEqual([]);
  });
});

describe.each(chosen.map((variant) => [variant.name] as const))('%s with a committed record', (name) => {
  it("as a clone, gets the verdicts of the learner's folder (its snapshots in it), cleanup included", async () => {
    const { report, recorded, recordedBeforeCleanup, built, options } = await gradedOf(name);
    if (recorded === undefined) return;
    const why = explain(recorded.report);
    expect(checksWith(recorded.report, 'error'), why).toEqual([]);
    expect(recorded.report.warnings ?? [], why).toEqual([]);
    const expected = (folder: GradeReport) => verdictsOf(folder);
    // A snapshot before cleanup can show what the variant's folder (without it) no longer holds, such as a worktree's
    // uncommitted work before it went: then the learner's own folder, its snapshots in it, is graded (only then, it costs).
    const same = JSON.stringify(verdictsOf(recorded.report)) === JSON.stringify(expected(report));
    const folder = same || !recordedBeforeCleanup ? report : await gradeSubmission(built.repo, options);
    expect(verdictsOf(recorded.report), `${why}\n--- folder:\n${explain(folder)}`).toEqual(expected(folder));
  });
});

describe.runIf(only === undefined)('what the catalogue proves as a whole', () => {
  it('every check of every criterion fails in some variant', async () => {
    const reports = await Promise.all(chosen.map(async (variant) => (await gradedOf(variant.name)).report));
    const failed = new Set(reports.flatMap((report) => checksWith(report, 'fail')));
    const all = criteria.flatMap((criterion) => criterion.checks.map((check) => `${criterion.id}/${check.id}`));
    expect(all.filter((id) => !failed.has(id))).toEqual([]);
  });

  it('without the record, wrong roads the folder fails get full marks as a clone; with it, none does', async () => {
    const wrong = await Promise.all(
      chosen.filter((variant) => variant.road === 'wrong').map(async (variant) => ({ variant, ...(await gradedOf(variant.name)) })),
    );
    const failing = (report: GradeReport) => report.criteria.filter((criterion) => criterion.status === 'fail').map((criterion) => criterion.id);
    const fullWithout = wrong.filter(({ clone }) => clone !== undefined && exitCodeFor([clone]) === 0);
    // The record is what catches these: without it, CI sees nothing wrong in them, while their folders fail.
    expect(fullWithout.length).toBeGreaterThan(0);
    expect(fullWithout.filter(({ report }) => failing(report).length === 0).map(({ variant }) => variant.name)).toEqual([]);
    // With the record, none does: a record last taken while worktrees were live fails cleanup as the folder does.
    const fullWith = fullWithout.filter(({ recorded }) => recorded === undefined || exitCodeFor([recorded.report]) === 0);
    expect(fullWith.map(({ variant }) => variant.name)).toEqual([]);
  });

  it('the real CLI grades one variant with the same verdicts and exit code', async () => {
    const { report, built } = await gradedOf(CLI_VARIANT);
    const run = await wtlab(['grade', built.repo, '--format', 'json']);
    expect(withoutSandboxWarning(run.stderr)).toBe('');
    expect(run.exitCode).toBe(exitCodeFor([report]));
    const printed = JSON.parse(run.stdout) as GradeReport;
    expect(verdictsOf(printed)).toEqual(verdictsOf(report));
    expect(printed.stage).toBe(report.stage);
  });
});

function checkOf(report: GradeReport | undefined, id: string) {
  const [criterion, check] = id.split('/');
  return report?.criteria.find((candidate) => candidate.id === criterion)?.checks.find((candidate) => candidate.id === check);
}

/** Runs a test only when its variant is built in this run. */
const withVariant = (name: string) => it.runIf(chosen.some((variant) => variant.name === name));

describe('what the graders say on some roads', () => {
  withVariant('wrong-remaining-hangs')('a hanging command is timed out on its own and reported as such', async () => {
    const { report } = await gradedOf('wrong-remaining-hangs');
    expect(checkOf(report, 'merged/remaining-works')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('(timed out)') });
    expect(checkOf(report, 'merged/wipe-works')?.status).toBe('pass');
  });

  withVariant('wrong-conflict-markers-committed')('committed markers are located, and the app is said to crash before any command', async () => {
    const { report } = await gradedOf('wrong-conflict-markers-committed');
    expect(checkOf(report, 'merged/no-conflict-markers')).toMatchObject({
      status: 'fail',
      location: { file: 'cli.py', line: expect.any(Number) },
      message: expect.stringContaining('(committed on main)'),
    });
    expect(checkOf(report, 'merged/app-runs')).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/crashes before any command runs: SyntaxError/),
    });
  });

  withVariant('valid-rebase-then-fast-forward')('a rebased branch passes in the folder and is skipped, not failed, in a clone', async () => {
    const { report, clone } = await gradedOf('valid-rebase-then-fast-forward');
    expect(checkOf(report, 'parallel-agents/not-sequential')).toMatchObject({
      status: 'pass',
      evidence: expect.stringContaining('feature/remaining was rebased later'),
    });
    expect(checkOf(clone, 'parallel-agents/not-sequential')).toMatchObject({ status: 'skip', hint: expect.stringContaining('wtlab grade') });
  });

  withVariant('wrong-sequential')('one worktree at a time: merged, cleaned and quizzed, but said to be sequential and why', async () => {
    const { report } = await gradedOf('wrong-sequential');
    expect(checkOf(report, 'three-worktrees/same-time')?.status).toBe('fail');
    expect(checkOf(report, 'parallel-agents/not-sequential')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('feature/remaining starts from work that already has wipe'),
    });
    expect(checkOf(report, 'parallel-agents/no-cross-feature')?.status).toBe('pass');
    expect(report.score).toBe(60);
  });

  withVariant('wrong-no-worktrees')("branches switched in the main folder: the commit is shown from the main folder's HEAD reflog", async () => {
    const { report } = await gradedOf('wrong-no-worktrees');
    expect(checkOf(report, 'three-worktrees/linked-worktrees')?.status).toBe('fail');
    expect(checkOf(report, 'parallel-agents/committed-in-linked-worktrees')).toMatchObject({ status: 'fail', evidence: 'logs/HEAD: commit: Add wipe command' });
    expect(checkOf(report, 'parallel-agents/not-sequential')?.status).toBe('pass');
  });

  withVariant('wrong-tasks-json-tracked-mid-lab')('tasks.json committed from a worktree: located in history and tracked in the worktree', async () => {
    const { report } = await gradedOf('wrong-tasks-json-tracked-mid-lab');
    expect(checkOf(report, 'parallel-agents/no-runtime-state')).toMatchObject({ status: 'fail', location: { file: 'tasks.json' } });
    expect(checkOf(report, 'three-worktrees/tasks-json-untracked')?.status).toBe('fail');
    expect(checkOf(report, 'three-worktrees/app-run-in-both')?.status).toBe('pass');
    expect(checkOf(report, 'parallel-agents/committed-in-linked-worktrees')?.status).toBe('pass');
  });

  withVariant('wrong-keeps-main-side')(
    'the conflict concluded with one side only: the hint applies the dropped change again (git merge would say Already up to date)',
    async () => {
      const { report } = await gradedOf('wrong-keeps-main-side');
      expect(checkOf(report, 'merged/wipe-in-main')?.status).toBe('pass');
      expect(checkOf(report, 'merged/remaining-in-main')).toMatchObject({
        status: 'fail',
        hint: expect.stringMatching(/git diff [0-9a-f]{7} feature\/remaining -- cli\.py tasks\.py \| git apply --3way/),
      });
      expect(checkOf(report, 'merged/remaining-works')?.status).toBe('skip');
      expect(checkOf(report, 'merged/app-runs')).toMatchObject({
        status: 'pass',
        message: expect.stringContaining('Note: its usage text does not name remaining'),
      });
      expect(checkOf(report, 'merged/no-conflict-markers')?.status).toBe('pass');
    },
  );

  withVariant('wrong-untidy-cleanup')('cleanup by hand: the stale record and the stray folder each get the command that fixes it', async () => {
    const { report } = await gradedOf('wrong-untidy-cleanup');
    expect(checkOf(report, 'cleaned-up/no-stale-records')).toMatchObject({ status: 'fail', hint: 'Drop them: git worktree prune' });
    expect(checkOf(report, 'cleaned-up/no-stray-siblings')).toMatchObject({
      status: 'fail',
      hint: 'Check it holds nothing you need, then delete it: rm -rf ../tasks-app-wipe',
    });
    expect(checkOf(report, 'cleaned-up/only-main-worktree')?.status).toBe('pass');
  });

  withVariant('wrong-quiz-not-json')('a quiz file that is not JSON: the later quiz checks skip behind it', async () => {
    const { report } = await gradedOf('wrong-quiz-not-json');
    expect(checkOf(report, 'concepts/quiz-file')?.status).toBe('fail');
    expect(checkOf(report, 'concepts/quiz-correct')?.status).toBe('skip');
  });

  withVariant('valid-branches-deleted')('deleted branches leave nothing to tell where they were worked on: a skip, never a fail', async () => {
    const { report } = await gradedOf('valid-branches-deleted');
    expect(checkOf(report, 'three-worktrees/linked-worktrees')).toMatchObject({ status: 'skip', hint: expect.stringContaining('wtlab snapshot') });
    expect(report.maxScore).toBe(80);
  });
});
