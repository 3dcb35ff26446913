import type { CheckResult, CriterionResult, GradeReport } from '../../grade/report-types.js';
import { defineReporter, endLine, resolveOptions, type DeliveryPlan, type GradeRun, type ReportContext, type UngradedSubmission } from './reporter.js';
import { separateUngraded } from './separate-ungraded.js';
import { formatLocation, formatPoints, STATUS_MARK, STATUS_WORD } from './status-text.js';

/** Who sees a test on Gradescope, per its autograder spec. */
export type GradescopeVisibility = 'hidden' | 'after_due_date' | 'after_published' | 'visible';

export interface GradescopeOptions {
  /**
   * Visibility of each test.
   * @default 'visible'
   */
  readonly visibility: GradescopeVisibility;
}

const defaultOptions: GradescopeOptions = { visibility: 'visible' };

/** The folder Gradescope reads `results.json` from. */
export const GRADESCOPE_RESULTS_DIR = '/autograder/results';

/** How Gradescope renders a text: `text` keeps it as written (the commit graph keeps its columns). */
export type GradescopeFormat = 'text' | 'html' | 'simple_format' | 'md' | 'ansi';

export interface GradescopeTest {
  readonly name: string;
  readonly score: number;
  /** 0 for a skipped criterion: not gradable here, so shown without counting as points lost. */
  readonly max_score: number;
  /** Absent on a skipped criterion (neither passed nor failed). */
  readonly status?: 'passed' | 'failed';
  readonly output: string;
  readonly output_format: GradescopeFormat;
  readonly visibility: GradescopeVisibility;
}

/** `results.json` as Gradescope's autograder specification describes it. */
export interface GradescopeResults {
  readonly score: number;
  /** Seconds. */
  readonly execution_time: number;
  readonly output: string;
  readonly output_format: GradescopeFormat;
  readonly test_output_format: GradescopeFormat;
  readonly visibility: GradescopeVisibility;
  readonly tests: readonly GradescopeTest[];
}

/** Plain text everywhere: the default `simple_format` collapses runs of spaces and breaks the graph's alignment. */
const TEXT: GradescopeFormat = 'text';

function describeCheck(check: CheckResult): string {
  const where = check.location ? ` (${formatLocation(check.location)})` : '';
  const lines = [`${STATUS_MARK[check.status]} ${check.id}${where}: ${check.message}`];
  if (check.hint) lines.push(`  Hint: ${check.hint}`);
  return lines.join('\n');
}

function toTest(report: GradeReport, criterion: CriterionResult, several: boolean, visibility: GradescopeVisibility): GradescopeTest {
  const name = `${several ? `${report.submission} ` : ''}${criterion.id}: ${criterion.title}`;
  if (criterion.status === 'skip') {
    const output = [`skipped: not gradable from this submission, so not counted (0 of 0 points)`, ...criterion.checks.map(describeCheck)].join('\n');
    return { name: `${name} (skipped)`, score: 0, max_score: 0, output, output_format: TEXT, visibility };
  }
  return {
    name,
    score: criterion.points,
    max_score: criterion.maxPoints,
    status: criterion.status === 'pass' ? 'passed' : 'failed',
    output: [`${STATUS_WORD[criterion.status]}, ${formatPoints(criterion.points, criterion.maxPoints)}`, ...criterion.checks.map(describeCheck)].join('\n'),
    output_format: TEXT,
    visibility,
  };
}

function ungradedTest(ungraded: UngradedSubmission, visibility: GradescopeVisibility): GradescopeTest {
  return {
    name: `${ungraded.submission}: could not be graded`,
    score: 0,
    max_score: ungraded.maxScore,
    status: 'failed',
    output: ungraded.reason,
    output_format: TEXT,
    visibility,
  };
}

function overview(report: GradeReport): string {
  const lines = [`wtlab ${report.score}/${report.maxScore} for ${report.submission} (git ${report.git}), stage: ${report.stage}`];
  if (report.nextStep) lines.push(`Next: ${report.nextStep}`);
  if (report.graph) lines.push('', 'Commit graph:', report.graph.replace(/\n+$/, ''));
  return lines.join('\n');
}

/**
 * The Gradescope results object of a whole run: one test per criterion with its points and hints; a skipped
 * criterion scores 0 of 0 (shown, never counted as lost); a submission that could not be graded (an ungraded one, or
 * a batch's report with `error` set) is one failed test worth its whole `maxScore`, with the reason, so `results.json`
 * exists on exit 2 too. Text is `text` format throughout.
 */
export function buildGradescopeRun(run: GradeRun, options: Partial<GradescopeOptions> = {}): GradescopeResults {
  const { visibility } = resolveOptions(defaultOptions, options);
  const { reports, ungraded } = separateUngraded(run);
  const several = reports.length + ungraded.length > 1;
  const milliseconds = reports.reduce((sum, report) => sum + (report.durationMs ?? 0), 0);
  const outputs = [...reports.map(overview), ...ungraded.map((one) => `wtlab could not grade ${one.submission}: ${one.reason}`)];
  return {
    score: reports.reduce((sum, report) => sum + report.score, 0),
    execution_time: Math.ceil(milliseconds / 1000),
    output: outputs.join('\n\n'),
    output_format: TEXT,
    test_output_format: TEXT,
    visibility,
    tests: [
      ...reports.flatMap((report) => report.criteria.map((criterion) => toTest(report, criterion, several, visibility))),
      ...ungraded.map((one) => ungradedTest(one, visibility)),
    ],
  };
}

/** The Gradescope results object for graded reports only (see buildGradescopeRun). */
export function buildGradescopeResults(reports: readonly GradeReport[], options: Partial<GradescopeOptions> = {}): GradescopeResults {
  return buildGradescopeRun({ reports, ungraded: [] }, options);
}

/** `results.json` text for Gradescope, of a whole run. */
export function renderGradescopeRun(run: GradeRun, options: Partial<GradescopeOptions> = {}): string {
  return endLine(JSON.stringify(buildGradescopeRun(run, options), null, 2));
}

/** `results.json` text for Gradescope. */
export function renderGradescope(reports: readonly GradeReport[], options: Partial<GradescopeOptions> = {}): string {
  return renderGradescopeRun({ reports, ungraded: [] }, options);
}

/** Into `/autograder/results/results.json` when that folder exists (inside Gradescope); else standard output. */
export function planGradescopeDelivery(rendered: string, _reports: readonly GradeReport[], context: ReportContext): DeliveryPlan {
  const inside = context.pathExists(GRADESCOPE_RESULTS_DIR);
  const destination = inside ? ({ kind: 'write', path: `${GRADESCOPE_RESULTS_DIR}/results.json` } as const) : ({ kind: 'stdout' } as const);
  return { primary: { destination, text: rendered }, extra: [] };
}

export const gradescopeReporter = defineReporter<GradescopeOptions>({
  name: 'gradescope',
  summary: 'Gradescope results.json (written to /autograder/results/ when that folder exists)',
  defaultOptions,
  render: renderGradescope,
  renderRun: renderGradescopeRun,
  planDelivery: planGradescopeDelivery,
});
