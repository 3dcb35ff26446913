import type { GradeReport } from '../../grade/report-types.js';
import { defineReporter, endLine, resolveOptions } from './reporter.js';

export interface JsonOptions {
  /**
   * Spaces of indentation; 0 prints one line.
   * @default 2
   */
  readonly indent: number;
}

const defaultOptions: JsonOptions = { indent: 2 };

/** The DESIGN.md JSON report: one object for one submission, an array for several. */
export function renderJson(reports: readonly GradeReport[], options: Partial<JsonOptions> = {}): string {
  const { indent } = resolveOptions(defaultOptions, options);
  const value = reports.length === 1 ? reports[0] : reports;
  return endLine(JSON.stringify(value, null, indent > 0 ? indent : undefined));
}

export const jsonReporter = defineReporter<JsonOptions>({
  name: 'json',
  summary: 'the JSON report of DESIGN.md (an array for several submissions)',
  defaultOptions,
  render: renderJson,
});
