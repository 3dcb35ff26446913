import pc from 'picocolors';
import type { CheckResult, CriterionResult, GradeReport, Status } from '../../grade/report-types.js';
import { defineReporter, endLine, resolveOptions, type ReportContext } from './reporter.js';
import { formatLocation, formatPoints, STATUS_MARK } from './status-text.js';
import { indentLines } from '../../text/indent-lines.js';

export interface PrettyOptions {
  /**
   * Colour the output. On a terminal it is on unless `NO_COLOR` is set; off when piped.
   * @default false
   */
  readonly color: boolean;
  /**
   * List passing checks too, not only the ones to act on.
   * @default true
   */
  readonly showPassing: boolean;
  /**
   * Print each check's evidence (dimmed).
   * @default true
   */
  readonly showEvidence: boolean;
  /**
   * Print the commit graph at the end.
   * @default true
   */
  readonly showGraph: boolean;
}

const defaultOptions: PrettyOptions = { color: false, showPassing: true, showEvidence: true, showGraph: true };

type Colors = ReturnType<typeof pc.createColors>;

function markFor(status: Status, colors: Colors): string {
  const paint = { pass: colors.green, fail: colors.red, skip: colors.yellow, error: colors.magenta }[status];
  return paint(STATUS_MARK[status]);
}

function renderCheck(check: CheckResult, options: PrettyOptions, colors: Colors): string[] {
  const where = check.location ? colors.dim(` (${formatLocation(check.location)})`) : '';
  const lines = [`    ${markFor(check.status, colors)} ${check.id}: ${check.message}${where}`];
  if (options.showEvidence && check.evidence) lines.push(...indentLines(check.evidence.replace(/\n+$/, ''), '        ').map((line) => colors.dim(line)));
  if (check.hint) lines.push(`      ${colors.cyan('→')} ${check.hint}`);
  return lines;
}

function renderCriterion(criterion: CriterionResult, options: PrettyOptions, colors: Colors): string[] {
  const points = formatPoints(criterion.points, criterion.maxPoints);
  const head = `${markFor(criterion.status, colors)} ${colors.bold(criterion.id)} ${colors.dim('·')} ${criterion.title} ${colors.dim('·')} ${points}`;
  const checks = options.showPassing ? criterion.checks : criterion.checks.filter((check) => check.status !== 'pass');
  return [head, ...checks.flatMap((check) => renderCheck(check, options, colors))];
}

function paintGraphLine(line: string, colors: Colors): string {
  const painted = line.replace(/\b(feature\/[\w./-]+)/g, (name) => colors.cyan(name)).replace(/\b(HEAD -> [\w./-]+|main)\b/g, (name) => colors.green(name));
  return /\bMerge\b/.test(line) ? `${painted} ${colors.magenta('← merge')}` : painted;
}

function renderOne(report: GradeReport, options: PrettyOptions, colors: Colors): string {
  const lines = [`${colors.bold('wtlab grade')} ${report.submission} ${colors.dim(`(git ${report.git})`)}`];
  lines.push(`Stage: ${colors.bold(report.stage)}${report.nextStep ? ` ${colors.dim('·')} Next: ${report.nextStep}` : ''}`);
  const full = report.score === report.maxScore;
  lines.push(`Score: ${(full ? colors.green : colors.yellow)(colors.bold(formatPoints(report.score, report.maxScore)))}`, '');
  for (const criterion of report.criteria) lines.push(...renderCriterion(criterion, options, colors));
  if (options.showGraph && report.graph) {
    lines.push(
      '',
      colors.bold('Commit graph'),
      ...report.graph
        .replace(/\n+$/, '')
        .split('\n')
        .map((line) => `  ${paintGraphLine(line, colors)}`),
    );
  }
  return lines.join('\n');
}

/** A report for a person at a terminal: stage and next step, score, criteria with their checks, evidence, hints and the commit graph. */
export function renderPretty(reports: readonly GradeReport[], options: Partial<PrettyOptions> = {}): string {
  const resolved = resolveOptions(defaultOptions, options);
  const colors = pc.createColors(resolved.color);
  return endLine(reports.map((report) => renderOne(report, resolved, colors)).join('\n\n'));
}

/** Colour only on a terminal and only without `NO_COLOR` (set and non-empty, per no-color.org). */
function prettyOptionsFor(context: ReportContext): Partial<PrettyOptions> {
  return { color: context.isTTY && !context.env.NO_COLOR };
}

export const prettyReporter = defineReporter<PrettyOptions>({
  name: 'pretty',
  summary: 'for a terminal: score, criteria, checks with hints, the commit graph',
  defaultOptions,
  render: renderPretty,
  optionsFor: prettyOptionsFor,
});
