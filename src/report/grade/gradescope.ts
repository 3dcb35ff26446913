import type { CheckResult, CriterionResult, GradeReport } from '../../grade/report-types.js';
import { defineReporter, endLine, resolveOptions, type DeliveryPlan, type ReportContext } from './reporter.js';
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

export interface GradescopeTest {
  readonly name: string;
  readonly score: number;
  readonly max_score: number;
  readonly status: 'passed' | 'failed';
  readonly output: string;
  readonly visibility: GradescopeVisibility;
}

/** `results.json` as Gradescope's autograder specification describes it. */
export interface GradescopeResults {
  readonly score: number;
  readonly execution_time: number;
  readonly output: string;
  readonly visibility: GradescopeVisibility;
  readonly tests: readonly GradescopeTest[];
}

function describeCheck(check: CheckResult): string {
  const where = check.location ? ` (${formatLocation(check.location)})` : '';
  const lines = [`${STATUS_MARK[check.status]} ${check.id}${where}: ${check.message}`];
  if (check.hint) lines.push(`  Hint: ${check.hint}`);
  return lines.join('\n');
}

function toTest(report: GradeReport, criterion: CriterionResult, several: boolean, visibility: GradescopeVisibility): GradescopeTest {
  return {
    name: `${several ? `${report.submission} ` : ''}${criterion.id}: ${criterion.title}`,
    score: criterion.points,
    max_score: criterion.maxPoints,
    status: criterion.status === 'pass' ? 'passed' : 'failed',
    output: [`${STATUS_WORD[criterion.status]}, ${formatPoints(criterion.points, criterion.maxPoints)}`, ...criterion.checks.map(describeCheck)].join('\n'),
    visibility,
  };
}

function overview(report: GradeReport): string {
  const lines = [`wtlab ${report.score}/${report.maxScore} for ${report.submission} (git ${report.git}), stage: ${report.stage}`];
  if (report.nextStep) lines.push(`Next: ${report.nextStep}`);
  if (report.graph) lines.push('', 'Commit graph:', report.graph.replace(/\n+$/, ''));
  return lines.join('\n');
}

/** The Gradescope results object: one test per criterion with its points, hints in each test's output. */
export function buildGradescopeResults(reports: readonly GradeReport[], options: Partial<GradescopeOptions> = {}): GradescopeResults {
  const { visibility } = resolveOptions(defaultOptions, options);
  const several = reports.length > 1;
  const milliseconds = reports.reduce((sum, report) => sum + (report.durationMs ?? 0), 0);
  return {
    score: reports.reduce((sum, report) => sum + report.score, 0),
    execution_time: Math.ceil(milliseconds / 1000),
    output: reports.map(overview).join('\n\n'),
    visibility,
    tests: reports.flatMap((report) => report.criteria.map((criterion) => toTest(report, criterion, several, visibility))),
  };
}

/** `results.json` text for Gradescope. */
export function renderGradescope(reports: readonly GradeReport[], options: Partial<GradescopeOptions> = {}): string {
  return endLine(JSON.stringify(buildGradescopeResults(reports, options), null, 2));
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
  planDelivery: planGradescopeDelivery,
});
