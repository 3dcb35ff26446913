import type { MatrixResult } from '../../scenario/run-matrix.js';

/** The run as JSON: `{ schemaVersion: 1, versions, scenarios, lab, results, moduleText }`, every step's exact output included. */
export function formatMatrixJson(matrix: MatrixResult): string {
  return `${JSON.stringify({ schemaVersion: 1, ...matrix }, null, 2)}\n`;
}
