import { writeOutputFile } from '../paths/write-output-file.js';
import { extname } from 'node:path';
import { UserError } from '../errors/user-error.js';
import type { Stage, Status } from '../grade/report-types.js';
import { withoutControlCharacters } from '../report/without-control-characters.js';
import type { ClassSummary } from './class-summary.js';
import type { GradedSubmission } from './types.js';

/** One submission's line of `--summary`: empty grading fields and an `error` when it could not be graded. */
export interface SummaryRow {
  readonly path: string;
  readonly stage: Stage | '';
  readonly score: number | '';
  readonly maxScore: number | '';
  readonly criteria: Readonly<Record<string, Status | ''>>;
  readonly error: string;
}

/** The rows of a batch, one per submission, in the order given; every row has every criterion id. */
export function summaryRows(results: readonly GradedSubmission[], criterionIds: readonly string[]): SummaryRow[] {
  return results.map(({ source, report, error }) => ({
    path: source,
    stage: report?.stage ?? '',
    score: report?.score ?? '',
    maxScore: report?.maxScore ?? '',
    criteria: Object.fromEntries(criterionIds.map((id) => [id, report?.criteria.find((criterion) => criterion.id === id)?.status ?? ''])),
    error: error ?? '',
  }));
}

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The summary as CSV: a header `path,stage,score,maxScore,<criterion ids...>,error`, then a line per submission. */
export function formatSummaryCsv(rows: readonly SummaryRow[], criterionIds: readonly string[]): string {
  const header = ['path', 'stage', 'score', 'maxScore', ...criterionIds, 'error'];
  const lines = rows.map((row) =>
    [row.path, row.stage, row.score, row.maxScore, ...criterionIds.map((id) => row.criteria[id] ?? ''), row.error].map(csvField).join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

/** The summary as JSON: the class counts and the rows. */
export function formatSummaryJson(rows: readonly SummaryRow[], summary: ClassSummary): string {
  return `${JSON.stringify({ schemaVersion: 1, summary, submissions: rows }, null, 2)}\n`;
}

/** Refuses a `--summary` path that is neither `.csv` nor `.json`, before any grading starts. */
export function checkSummaryPath(path: string): 'csv' | 'json' {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  throw new UserError('SUMMARY_EXTENSION', `--summary ${path} must end in .csv or .json. Run: wtlab grade subs/* --summary class.csv`);
}

/** Writes `--summary FILE.csv|.json`, control characters escaped. */
export async function writeSummaryFile(path: string, rows: readonly SummaryRow[], summary: ClassSummary, criterionIds: readonly string[]): Promise<void> {
  // Paths and reasons come from the submissions: their control characters are escaped, as in every report.
  const [cleanRows, cleanSummary] = [withoutControlCharacters(rows), withoutControlCharacters(summary)];
  const text = checkSummaryPath(path) === 'csv' ? formatSummaryCsv(cleanRows, criterionIds) : formatSummaryJson(cleanRows, cleanSummary);
  await writeOutputFile(path, text, { code: 'SUMMARY_NOT_WRITTEN', next: 'Pick a writable path, e.g. --summary ./class.csv' });
}
