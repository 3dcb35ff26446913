import { join, resolve } from 'node:path';
import { sealedEnv } from '../git/sealed-env.js';
import { runGit } from '../git/run-git.js';
import type { GitBinary } from '../git/git-binary.js';
import type { LabFolder } from '../lab/lab-folder.js';
import { fixturesDir } from '../paths/package-root.js';
import { makeSandbox, type Sandbox } from '../sandbox/sandbox.js';
import { runStep, type StepRunner } from './run-step.js';
import type { Scenario, ScenarioResult, StepContext, StepResult } from './types.js';

export interface RunScenarioOptions {
  readonly git: GitBinary;
  readonly lab: LabFolder;
  /** Keep the sandbox after the run and hand it back; the caller must remove it. @default false */
  readonly keep?: boolean;
  /** Called after each step, for progress output. */
  readonly onStep?: (step: StepResult, index: number, total: number) => void;
  /**
   * Plays the steps in this sandbox's work folder as an earlier run (or a copy of one) left it, instead of in a fresh
   * sandbox; the sandbox is never removed here (its owner removes it). Steps that look up an earlier step's result
   * see only this run's. @default a fresh sandbox
   */
  readonly sandbox?: Sandbox;
  /**
   * The index the first step has in the road these steps continue (the number of steps played before): step dates,
   * and so commit hashes, go on from there as in one run of the whole road. @default 0
   */
  readonly firstStepIndex?: number;
}

export interface ScenarioRun {
  readonly result: ScenarioResult;
  /** Only when `keep` was set. */
  readonly sandbox?: Sandbox;
}

/** The first commit date of every scenario; each step adds a minute, so commit hashes are reproducible. */
export const SCENARIO_EPOCH = Date.UTC(2026, 0, 1, 9, 0, 0);

function stepDate(stepIndex: number, offset: number): string {
  return new Date(SCENARIO_EPOCH + stepIndex * 60_000 + offset * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Runs a scenario in a fresh sandbox (or in `options.sandbox`); steps after the first failure are skipped; a fresh
 * sandbox is always removed unless kept.
 */
export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<ScenarioRun> {
  const started = Date.now();
  const sandbox = options.sandbox ?? (await makeSandbox({ git: options.git }));
  const owned = options.sandbox === undefined;
  const first = options.firstStepIndex ?? 0;
  const results: StepResult[] = [];
  const byId = new Map<string, StepResult>();
  const envFor = (date: string) => sealedEnv({ git: options.git, home: sandbox.home, shimDir: sandbox.bin, date });
  const context: StepContext = {
    work: sandbox.work,
    lab: options.lab,
    git: options.git,
    path: (relative) => resolve(sandbox.work, relative),
    runGit: (args, cwd) => runGit(options.git, args, { cwd: resolve(sandbox.work, cwd), env: envFor(stepDate(first + results.length, 0)) }),
    result: (id) => byId.get(id),
  };
  const runner: StepRunner = {
    context,
    envFor,
    placeholders: { lab: options.lab.dir, start: options.lab.start, work: sandbox.work, agents: join(fixturesDir(), 'agents') },
  };
  try {
    let failed = false;
    for (const [index, step] of scenario.steps.entries()) {
      const result: StepResult = failed
        ? { ...(step.id !== undefined ? { id: step.id } : {}), name: step.name, kind: step.kind, status: 'skipped', failures: [], drift: [], durationMs: 0 }
        : await runStep(step, runner, (offset) => stepDate(first + index, offset));
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
    };
    if (options.keep) return { result, sandbox };
    return { result };
  } finally {
    if (owned && !options.keep) await sandbox.remove();
  }
}
