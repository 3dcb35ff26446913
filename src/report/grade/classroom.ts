import type { CheckResult, CriterionResult, GradeReport, Status } from '../../grade/report-types.js';
import { defineReporter, resolveOptions, type DeliveryPlan, type ReportContext } from './reporter.js';
import { formatLocation, openChecks } from './status-text.js';

export interface ClassroomOptions {
  /**
   * The command shown as each test's `test_code`.
   * @default 'wtlab grade'
   */
  readonly command: string;
}

const defaultOptions: ClassroomOptions = { command: 'wtlab grade' };

export type ClassroomStatus = 'pass' | 'fail' | 'error';

/** One test as the GitHub Classroom autograding grading reporter reads it. */
export interface ClassroomTest {
  readonly name: string;
  readonly status: ClassroomStatus;
  readonly score: number;
  readonly message: string;
  readonly test_code: string;
  readonly filename: string;
  readonly line_no: number;
  readonly execution_time: string;
}

/** The result a Classroom runner hands to the grading reporter (before base64). */
export interface ClassroomResult {
  readonly version: 1;
  readonly status: ClassroomStatus;
  readonly max_score: number;
  readonly tests: readonly ClassroomTest[];
}

/** Classroom has no "skipped": a skipped criterion earned none of its points, so it shows as not passed, with the reason. */
const TEST_STATUS: Readonly<Record<Status, ClassroomStatus>> = { pass: 'pass', fail: 'fail', skip: 'fail', error: 'error' };

function describeCheck(check: CheckResult): string {
  const where = check.location ? ` (${formatLocation(check.location)})` : '';
  return `${check.id}${where}: ${check.message}${check.hint ? ` ${check.hint}` : ''}`;
}

function toTest(report: GradeReport, criterion: CriterionResult, several: boolean, seconds: string, options: ClassroomOptions): ClassroomTest {
  const open = openChecks(criterion);
  const located = open.find((check) => check.location)?.location;
  const message = open.length === 0 ? `All ${criterion.checks.length} checks pass.` : open.map(describeCheck).join('\n');
  return {
    name: `${several ? `${report.submission} ` : ''}${criterion.id}: ${criterion.title}`,
    status: TEST_STATUS[criterion.status],
    score: criterion.points,
    message,
    test_code: `${options.command} ${report.submission} # criterion ${criterion.id}`,
    filename: located?.file ?? '',
    line_no: located?.line ?? 0,
    execution_time: seconds,
  };
}

/** The Classroom result object: one test per criterion, each scored with that criterion's points, so the total is the report's score. */
export function buildClassroomResult(reports: readonly GradeReport[], options: Partial<ClassroomOptions> = {}): ClassroomResult {
  const resolved = resolveOptions(defaultOptions, options);
  const several = reports.length > 1;
  const tests = reports.flatMap((report) => {
    const each = report.durationMs === undefined || report.criteria.length === 0 ? 0 : report.durationMs / 1000 / report.criteria.length;
    return report.criteria.map((criterion) => toTest(report, criterion, several, `${each.toFixed(2)}s`, resolved));
  });
  const statuses = tests.map((test) => test.status);
  const status: ClassroomStatus = statuses.includes('error') ? 'error' : statuses.includes('fail') ? 'fail' : 'pass';
  return { version: 1, status, max_score: reports.reduce((sum, report) => sum + report.maxScore, 0), tests };
}

/** Base64 of the Classroom result JSON, as the grading reporter decodes it. */
export function renderClassroom(reports: readonly GradeReport[], options: Partial<ClassroomOptions> = {}): string {
  return Buffer.from(JSON.stringify(buildClassroomResult(reports, options)), 'utf8').toString('base64');
}

/** As the step output `result` in `$GITHUB_OUTPUT` when set; else the bare base64 on standard output. */
export function planClassroomDelivery(rendered: string, _reports: readonly GradeReport[], context: ReportContext): DeliveryPlan {
  const outputPath = context.env.GITHUB_OUTPUT;
  const primary = outputPath
    ? { destination: { kind: 'append', path: outputPath } as const, text: `result=${rendered}\n` }
    : { destination: { kind: 'stdout' } as const, text: `${rendered}\n` };
  return { primary, extra: [] };
}

export const classroomReporter = defineReporter<ClassroomOptions>({
  name: 'classroom',
  summary: 'GitHub Classroom result (base64) as step output `result` in $GITHUB_OUTPUT',
  defaultOptions,
  render: renderClassroom,
  planDelivery: planClassroomDelivery,
});
