import type { CheckResult, CriterionResult, GradeReport, Status } from '../../grade/report-types.js';
import { renderMarkdown } from './markdown.js';
import { separateUngraded } from './separate-ungraded.js';
import { defineReporter, endLine, resolveOptions, type Delivery, type DeliveryPlan, type GradeRun, type ReportContext } from './reporter.js';

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

/** GitHub shows at most this many annotations of each kind (`error`, `warning`, `notice`) per step and drops the rest silently. */
export const ANNOTATIONS_PER_KIND = 10;

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

/** One annotation: its kind, the workflow command line, and a markdown line for the step summary when it is not shown. */
interface Annotation {
  readonly kind: string;
  readonly line: string;
  readonly markdown: string;
}

function annotate(report: GradeReport, several: boolean, criterion: CriterionResult, check: CheckResult): Annotation {
  const status = check.status as Exclude<Status, 'pass'>;
  const title = `${several ? `${report.submission} ` : ''}${criterion.id}/${check.id}`;
  const properties = [
    ...(check.location ? [`file=${escapeCommandProperty(check.location.file)}`] : []),
    ...(check.location?.line !== undefined ? [`line=${check.location.line}`] : []),
    `title=${escapeCommandProperty(title)}`,
  ];
  const body = check.hint ? `${check.message}\n${check.hint}` : check.message;
  const kind = COMMAND[status];
  return { kind, line: `::${kind} ${properties.join(',')}::${escapeCommandData(body)}`, markdown: `- ${kind} \`${title}\`: ${body}`.replace(/\r?\n/g, ' ') };
}

/** Every annotation of a run, in report order: a check that did not pass (skips when asked), then an error per submission that could not be graded. */
function allAnnotations(given: GradeRun, options: GithubOptions): Annotation[] {
  const run = separateUngraded(given);
  const several = run.reports.length + run.ungraded.length > 1;
  const checks = run.reports.flatMap((report) =>
    report.criteria.flatMap((criterion) =>
      criterion.checks
        .filter((check) => check.status !== 'pass' && (options.annotateSkips || check.status !== 'skip'))
        .map((check) => annotate(report, several, criterion, check)),
    ),
  );
  const ungraded = run.ungraded.map((one): Annotation => {
    const body = `${one.submission} could not be graded: ${one.reason}`;
    return { kind: 'error', line: `::error title=${escapeCommandProperty('wtlab')}::${escapeCommandData(body)}`, markdown: `- error: ${body}` };
  });
  return [...checks, ...ungraded];
}

/** Splits annotations into the first ANNOTATIONS_PER_KIND of each kind (shown) and the rest (left to the step summary). */
function splitByKind(annotations: readonly Annotation[]): { shown: Annotation[]; hidden: Annotation[] } {
  const counts = new Map<string, number>();
  const shown: Annotation[] = [];
  const hidden: Annotation[] = [];
  for (const annotation of annotations) {
    const count = (counts.get(annotation.kind) ?? 0) + 1;
    counts.set(annotation.kind, count);
    (count <= ANNOTATIONS_PER_KIND ? shown : hidden).push(annotation);
  }
  return { shown, hidden };
}

/**
 * GitHub Actions workflow commands: `::error` per failed check (with file and line) and per submission that could not
 * be graded, `::warning` for grader errors, `::notice` for skips; at most ANNOTATIONS_PER_KIND of each kind, then one
 * plain line saying how many more there are and that the step summary lists them.
 */
export function renderGithubRun(run: GradeRun, options: Partial<GithubOptions> = {}): string {
  const { shown, hidden } = splitByKind(allAnnotations(run, resolveOptions(defaultOptions, options)));
  const lines = shown.map((annotation) => annotation.line);
  if (hidden.length > 0) {
    const kinds = [...new Set(hidden.map((annotation) => annotation.kind))].map(
      (kind) => `${hidden.filter((annotation) => annotation.kind === kind).length} ${kind}`,
    );
    lines.push(
      `wtlab: ${hidden.length} more annotation(s) not shown (${kinds.join(', ')}; GitHub shows ${ANNOTATIONS_PER_KIND} of a kind per step): see the job summary.`,
    );
  }
  return endLine(lines.join('\n'));
}

/** GitHub workflow commands for graded reports (see renderGithubRun). */
export function renderGithub(reports: readonly GradeReport[], options: Partial<GithubOptions> = {}): string {
  return renderGithubRun({ reports, ungraded: [] }, options);
}

/** The step summary's part for annotations GitHub would drop: each one, as a list item. */
function hiddenSection(reports: readonly GradeReport[], options: GithubOptions): string {
  const { hidden } = splitByKind(allAnnotations({ reports, ungraded: [] }, options));
  if (hidden.length === 0) return '';
  return `\n**Not shown as annotations** (GitHub shows ${ANNOTATIONS_PER_KIND} of a kind per step)\n\n${hidden.map((annotation) => annotation.markdown).join('\n')}\n`;
}

/** Annotations to standard output, and the markdown summary (with what was not annotated) appended to `$GITHUB_STEP_SUMMARY` when set. */
export function planGithubDelivery(
  rendered: string,
  reports: readonly GradeReport[],
  context: ReportContext,
  options: Partial<GithubOptions> = {},
): DeliveryPlan {
  const summaryPath = context.env.GITHUB_STEP_SUMMARY;
  const resolved = resolveOptions(defaultOptions, options);
  const extra: Delivery[] = [];
  if (resolved.stepSummary && summaryPath) {
    extra.push({ destination: { kind: 'append', path: summaryPath }, text: `${renderMarkdown(reports)}\n${hiddenSection(reports, resolved)}` });
  }
  return { primary: { destination: { kind: 'stdout' }, text: rendered }, extra };
}

export const githubReporter = defineReporter<GithubOptions>({
  name: 'github',
  summary: 'GitHub Actions annotations, plus a summary in $GITHUB_STEP_SUMMARY',
  defaultOptions,
  render: renderGithub,
  renderRun: renderGithubRun,
  planDelivery: planGithubDelivery,
});
