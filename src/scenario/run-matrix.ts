import { availableParallelism } from 'node:os';
import type { GitBinary } from '../git/git-binary.js';
import type { LabFolder } from '../lab/lab-folder.js';
import { compareModuleText, type ModuleTextFinding } from './compare-module-text.js';
import { readModuleText } from './module-text.js';
import { runPool } from './run-pool.js';
import { runScenario } from './run-scenario.js';
import type { Scenario, ScenarioResult, StepResult } from './types.js';

export interface RunMatrixOptions {
  readonly scenarios: readonly Scenario[];
  readonly gits: readonly GitBinary[];
  readonly lab: LabFolder;
  /** Scenario runs at the same time. @default the number of cores */
  readonly jobs?: number;
  /** Called when a scenario run starts and when it ends, for progress lines. */
  readonly onProgress?: (event: MatrixProgress) => void;
  /**
   * Compare the module text with git's output. Only meaningful when every scenario runs, since an
   * output no selected scenario printed would be judged against a look-alike. @default true
   */
  readonly compareModuleText?: boolean;
  /** Called after each step of each run (useful with `jobs: 1`). */
  readonly onStep?: (step: StepResult, index: number, total: number) => void;
}

export interface MatrixProgress {
  readonly phase: 'start' | 'end';
  readonly scenario: string;
  readonly gitVersion: string;
  readonly done: number;
  readonly total: number;
  readonly result?: ScenarioResult;
}

/** Every scenario run on every git version, plus what the module text shows that git does not print. */
export interface MatrixResult {
  readonly versions: readonly { readonly version: string; readonly path: string }[];
  readonly scenarios: readonly string[];
  readonly lab: string;
  /** Scenario-major, then in the order of `versions`. */
  readonly results: readonly ScenarioResult[];
  readonly moduleText:
    { readonly file: string; readonly findings: readonly ModuleTextFinding[]; readonly compared: number; readonly skipped?: string } | undefined;
}

/** Runs every scenario on every git version, up to `jobs` runs at once, and compares the module text when the lab has one. */
export async function runMatrix(options: RunMatrixOptions): Promise<MatrixResult> {
  const pairs = options.scenarios.flatMap((scenario) => options.gits.map((git) => ({ scenario, git })));
  let done = 0;
  const tasks = pairs.map(({ scenario, git }) => async () => {
    options.onProgress?.({ phase: 'start', scenario: scenario.name, gitVersion: git.version, done, total: pairs.length });
    const { result } = await runScenario(scenario, { git, lab: options.lab, ...(options.onStep ? { onStep: options.onStep } : {}) });
    done += 1;
    options.onProgress?.({ phase: 'end', scenario: scenario.name, gitVersion: git.version, done, total: pairs.length, result });
    return result;
  });
  const results = await runPool(tasks, options.jobs ?? availableParallelism());
  const moduleFile = options.lab.moduleText;
  let moduleText: MatrixResult['moduleText'];
  if (moduleFile !== undefined && options.compareModuleText === false) {
    moduleText = { file: moduleFile, findings: [], compared: 0, skipped: 'not compared: only some scenarios ran (run them all to compare)' };
  } else if (moduleFile !== undefined) {
    const shown = await readModuleText(moduleFile);
    const findings = options.gits.flatMap((git) =>
      compareModuleText(
        shown,
        results.filter((result) => result.git.version === git.version),
        git.version,
      ),
    );
    moduleText = { file: moduleFile, findings, compared: shown.length };
  }
  return {
    versions: options.gits.map((git) => ({ version: git.version, path: git.path })),
    scenarios: options.scenarios.map((scenario) => scenario.name),
    lab: options.lab.dir,
    results,
    moduleText,
  };
}
