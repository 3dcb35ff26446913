import type { MatrixResult } from '../../scenario/run-matrix.js';
import type { DriftFinding, ScenarioResult, StepResult, StepStatus } from '../../scenario/types.js';

/** One row of the matrix: a scenario's step and its status on each git version (in `versions` order). */
export interface MatrixRow {
  readonly scenario: string;
  readonly step: string;
  readonly cells: readonly (StepStatus | 'absent')[];
}

/** A failed step on one version, with what a maintainer needs to see. */
export interface MatrixFailure {
  readonly scenario: string;
  readonly gitVersion: string;
  readonly result: ScenarioResult;
  readonly step: StepResult;
}

/** The matrix rows, findings and failures of a matrix run, ready for any reporter. */
export interface MatrixTable {
  readonly versions: readonly string[];
  readonly rows: readonly MatrixRow[];
  readonly findings: readonly DriftFinding[];
  readonly findingsByScenario: ReadonlyMap<DriftFinding, string>;
  readonly failures: readonly MatrixFailure[];
  readonly failed: boolean;
}

/** Builds scenario × step × version rows from a matrix run. */
export function buildMatrixTable(matrix: MatrixResult): MatrixTable {
  const versions = matrix.versions.map((version) => version.version);
  const rows: MatrixRow[] = [];
  const findings: DriftFinding[] = [];
  const findingsByScenario = new Map<DriftFinding, string>();
  const failures: MatrixFailure[] = [];
  for (const scenario of matrix.scenarios) {
    const runs = versions.map((version) => matrix.results.find((result) => result.scenario === scenario && result.git.version === version));
    const stepNames = [...new Set(runs.flatMap((run) => run?.steps.map((step) => step.name) ?? []))];
    for (const name of stepNames) {
      rows.push({ scenario, step: name, cells: runs.map((run) => run?.steps.find((step) => step.name === name)?.status ?? 'absent') });
    }
    for (const run of runs) {
      for (const step of run?.steps ?? []) {
        for (const finding of step.drift) {
          findings.push(finding);
          findingsByScenario.set(finding, scenario);
        }
        if (run && step.status === 'fail') failures.push({ scenario, gitVersion: run.git.version, result: run, step });
      }
    }
  }
  return { versions, rows, findings, findingsByScenario, failures, failed: failures.length > 0 };
}

/** A scenario's overall status on one version: fail, drift when any step drifted, else pass. */
export function scenarioCell(matrix: MatrixResult, scenario: string, version: string): StepStatus | 'absent' {
  const run = matrix.results.find((result) => result.scenario === scenario && result.git.version === version);
  if (run === undefined) return 'absent';
  if (run.status === 'fail') return 'fail';
  return run.steps.some((step) => step.status === 'drift') ? 'drift' : 'pass';
}

/** The expected-vs-actual lines of a failed step, with the exact output of each command it ran. */
export function failureDetail(step: StepResult): {
  readonly expected: readonly string[];
  readonly outputs: readonly { readonly command: string; readonly exitCode: number; readonly stdout: string; readonly stderr: string }[];
} {
  const runs = step.run ? [step] : (step.children ?? []).filter((child) => child.run);
  return {
    expected: step.failures,
    outputs: runs.flatMap((child) =>
      child.run ? [{ command: child.run.command.join(' '), exitCode: child.run.exitCode, stdout: child.run.stdout, stderr: child.run.stderr }] : [],
    ),
  };
}
