import { join, resolve } from 'node:path';
import { sealedEnv } from '../git/sealed-env.js';
import { runGit } from '../git/run-git.js';
import type { GitBinary } from '../git/git-binary.js';
import type { LabFolder } from '../lab/lab-folder.js';
import { fixturesDir } from '../paths/package-root.js';
import { sandboxWithCopyOf } from '../sandbox/copy-work-folder.js';
import { makeSandbox, type Sandbox } from '../sandbox/sandbox.js';
import { runStep, type StepRunner } from './run-step.js';
import type { Scenario, ScenarioResult, StepContext, StepResult } from './types.js';

export interface RunScenarioOptions {
  readonly git: GitBinary;
  readonly lab: LabFolder;
  /** Keep the sandbox after the run and hand it back; the caller must remove it. @default false */
  readonly keep?: boolean;
  /** Called after each step run, for progress output; `index` counts from the scenario's first step, resumed or not. */
  readonly onStep?: (step: StepResult, index: number, total: number) => void;
  /** Go on from a work folder an earlier run of the same scenario's first steps left, instead of replaying them. */
  readonly resume?: ResumeFrom;
}

/**
 * Where a run goes on: the work folder (absolute path, e.g. the `work` of a sandbox kept by an earlier run) that the
 * scenario's first `stepsDone` steps left. It is copied into the new sandbox (sandboxWithCopyOf: linked worktrees still
 * linked, history byte for byte; HOME is not carried over) and only steps `stepsDone`.. run, each dated by its index in
 * the whole scenario, so their commits and reflog times are those of a whole replay. The caller vouches that the
 * folder is what those steps left: the engine cannot tell.
 */
export interface ResumeFrom {
  /** The work folder to copy; the file system's error (e.g. ENOENT) is thrown when it cannot be copied. */
  readonly from: string;
  /** How many of the scenario's steps made `from`: a whole number from 0 to the number of steps, else a RangeError. */
  readonly stepsDone: number;
  /**
   * The results the earlier run reported for those steps, one per step in order, so that a later step's
   * `result(id)` of one of them is answered, and a failed one skips the rest as in a whole run. Without them, such a
   * `result(id)` throws and its step fails.
   * @default none
   */
  readonly results?: readonly StepResult[];
}

export interface ScenarioRun {
  /** With `resume`, its `steps` are only the steps run (from `stepsDone` on). */
  readonly result: ScenarioResult;
  /** Only when `keep` was set. */
  readonly sandbox?: Sandbox;
}

/** The first commit date of every scenario; each step adds a minute, so commit hashes are reproducible. */
export const SCENARIO_EPOCH = Date.UTC(2026, 0, 1, 9, 0, 0);

function stepDate(stepIndex: number, offset: number): string {
  return new Date(SCENARIO_EPOCH + stepIndex * 60_000 + offset * 1000).toISOString().replace('.000Z', 'Z');
}

/** How many steps a resumed run skips: `stepsDone`, checked against the scenario. */
function stepsSkipped(scenario: Scenario, resume: ResumeFrom | undefined): number {
  if (resume === undefined) return 0;
  const { stepsDone } = resume;
  if (!Number.isInteger(stepsDone) || stepsDone < 0 || stepsDone > scenario.steps.length)
    throw new RangeError(
      `cannot resume scenario ${scenario.name} after ${stepsDone} steps: it has ${scenario.steps.length} (give a whole number from 0 to that)`,
    );
  if (resume.results !== undefined && resume.results.length !== stepsDone)
    throw new RangeError(`cannot resume scenario ${scenario.name} after ${stepsDone} steps with ${resume.results.length} results: give one per step done`);
  return stepsDone;
}

/**
 * Runs a scenario in a fresh sandbox (or goes on from a copy of an earlier run's work folder: `resume`); steps after
 * the first failure are skipped; the sandbox is always removed unless kept.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioRun> {
  const started = Date.now();
  const skipped = stepsSkipped(scenario, options.resume);
  const before = new Set(scenario.steps.slice(0, skipped).flatMap((step) => (step.id === undefined ? [] : [step.id])));
  const sandbox = options.resume === undefined ? await makeSandbox({ git: options.git }) : await sandboxWithCopyOf(options.resume.from, options.git);
  const results: StepResult[] = [];
  const byId = new Map<string, StepResult>();
  for (const done of options.resume?.results ?? []) if (done.id !== undefined) byId.set(done.id, done);
  const resultOf = (id: string): StepResult | undefined => {
    if (byId.has(id) || !before.has(id)) return byId.get(id);
    throw new Error(
      `step ${id} ran before this run resumed (after step ${skipped}) and no result of it was handed over: give resume.results, or resume earlier`,
    );
  };
  const envFor = (date: string) => sealedEnv({ git: options.git, home: sandbox.home, shimDir: sandbox.bin, date });
  const context: StepContext = {
    work: sandbox.work,
    lab: options.lab,
    git: options.git,
    path: (relative) => resolve(sandbox.work, relative),
    runGit: (args, cwd) => runGit(options.git, args, { cwd: resolve(sandbox.work, cwd), env: envFor(stepDate(skipped + results.length, 0)) }),
    result: resultOf,
  };
  const runner: StepRunner = {
    context,
    envFor,
    placeholders: { lab: options.lab.dir, start: options.lab.start, work: sandbox.work, agents: join(fixturesDir(), 'agents') },
  };
  try {
    let failed = options.resume?.results?.some((done) => done.status === 'fail') ?? false;
    for (const [index, step] of scenario.steps.entries()) {
      if (index < skipped) continue;
      const result: StepResult = failed
        ? { ...(step.id !== undefined ? { id: step.id } : {}), name: step.name, kind: step.kind, status: 'skipped', failures: [], drift: [], durationMs: 0 }
        : await runStep(step, runner, (offset) => stepDate(index, offset));
      if (result.status === 'fail') failed = true;
      results.push(result);
      if (step.id !== undefined) byId.set(step.id, result);
      options.onStep?.(result, index, scenario.steps.length);
    }
    const result: ScenarioResult = {
      scenario: scenario.name,
      summary: scenario.summary,
      git: { version: options.git.version, path: options.git.path },
      lab: options.lab.dir,
      status: failed ? 'fail' : 'pass',
      steps: results,
      durationMs: Date.now() - started,
      ...(options.resume !== undefined ? { resumed: { from: options.resume.from, stepsDone: skipped } } : {}),
    };
    if (options.keep) return { result, sandbox };
    return { result };
  } finally {
    if (!options.keep) await sandbox.remove();
  }
}
