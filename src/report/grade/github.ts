import type { CheckResult, CriterionResult, GradeReport, Status } from '../../grade/report-types.js';
import { renderMarkdown } from './markdown.js';
import { defineReporter, endLine, resolveOptions, type Delivery, type DeliveryPlan, type ReportContext } from './reporter.js';

export interface GithubOptions {
  /**
   * Also annotate skipped checks (as `::notice`).
   * @default true
   */
  readonly annotateSkips: boolean;
  /**
   * Append a markdown summary to the file named by `$GITHUB_STEP_SUMMARY` when it is set.
   * @default true
   */
  readonly stepSummary: boolean;
}

const defaultOptions: GithubOptions = { annotateSkips: true, stepSummary: true };

/** A failed check is the learner's error; a broken grader only warns (never the learner's fault); a skip is a notice. */
const COMMAND: Readonly<Record<Exclude<Status, 'pass'>, string>> = { fail: 'error', error: 'warning', skip: 'notice' };

/** Escapes the message of a workflow command: `%`, CR and LF. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command property value: as data, plus `:` and `,`. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotate(report: GradeReport, several: boolean, criterion: CriterionResult, check: CheckResult): string {
  const status = check.status as Exclude<Status, 'pass'>;
  const title = `${several ? `${report.submission} ` : ''}${criterion.id}/${check.id}`;
  const properties = [
    ...(check.location ? [`file=${escapeCommandProperty(check.location.file)}`] : []),
    ...(check.location?.line !== undefined ? [`line=${check.location.line}`] : []),
    `title=${escapeCommandProperty(title)}`,
  ];
  const body = check.hint ? `${check.message}\n${check.hint}` : check.message;
  return `::${COMMAND[status]} ${properties.join(',')}::${escapeCommandData(body)}`;
}

/** GitHub Actions workflow commands: `::error` per failed check (with file and line), `::warning` for grader errors, `::notice` for skips. */
export function renderGithub(reports: readonly GradeReport[], options: Partial<GithubOptions> = {}): string {
  const resolved = resolveOptions(defaultOptions, options);
  const several = reports.length > 1;
  const lines = reports.flatMap((report) =>
    report.criteria.flatMap((criterion) =>
      criterion.checks
        .filter((check) => check.status !== 'pass' && (resolved.annotateSkips || check.status !== 'skip'))
        .map((check) => annotate(report, several, criterion, check)),
    ),
  );
  return endLine(lines.join('\n'));
}

/** Annotations to standard output, and the markdown summary appended to `$GITHUB_STEP_SUMMARY` when set. */
export function planGithubDelivery(rendered: string, reports: readonly GradeReport[], context: ReportContext, options: Partial<GithubOptions> = {}): DeliveryPlan {
  const summaryPath = context.env.GITHUB_STEP_SUMMARY;
  const extra: Delivery[] = [];
  if (resolveOptions(defaultOptions, options).stepSummary && summaryPath) {
    extra.push({ destination: { kind: 'append', path: summaryPath }, text: `${renderMarkdown(reports)}\n` });
  }
  return { primary: { destination: { kind: 'stdout' }, text: rendered }, extra };
}

export const githubReporter = defineReporter<GithubOptions>({
  name: 'github',
  summary: 'GitHub Actions annotations, plus a summary in $GITHUB_STEP_SUMMARY',
  defaultOptions,
  render: renderGithub,
  planDelivery: planGithubDelivery,
});
