import type { MatrixResult } from '../../scenario/run-matrix.js';

/** A `wtlab scenarios --format`: a pure render of the finished run (one git or a matrix of versions). */
export interface ScenarioReporter {
  readonly name: string;
  /** What its reader gets, for `--help`. */
  readonly summary: string;
  /** Renders the run as text; never touches files, env or streams. */
  render(matrix: MatrixResult): string;
}

/** Identity helper: gives a scenario reporter its type. */
export function defineScenarioReporter<const R extends ScenarioReporter>(reporter: R): R {
  return reporter;
}
