import type { CheckResult, CriterionResult, GradeReport, Status } from '../../grade/report-types.js';
import { defineReporter, resolveOptions, type DeliveryPlan, type GradeRun, type ReportContext, type UngradedSubmission } from './reporter.js';
import { separateUngraded } from './separate-ungraded.js';
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

/**
 * Classroom has no "skipped", and its reporter fails the job on any `fail` and logs `passed / tests × max_score`:
 * so a skipped criterion (not gradable from this kind of submission) is left out of the tests, the status and
 * `max_score` alike, which then hold only what could be graded.
 */
const TEST_STATUS: Readonly<Record<Exclude<Status, 'skip'>, ClassroomStatus>> = { pass: 'pass', fail: 'fail', error: 'error' };

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
    status: TEST_STATUS[criterion.status === 'skip' ? 'fail' : criterion.status],
    score: criterion.points,
    message,
    test_code: `${options.command} ${report.submission} # criterion ${criterion.id}`,
    filename: located?.file ?? '',
    line_no: located?.line ?? 0,
    execution_time: seconds,
  };
}

/** The `error` test of a submission that could not be graded, as the official runners report a test they cannot run. */
function ungradedTest(ungraded: UngradedSubmission, options: ClassroomOptions): ClassroomTest {
  return {
    name: `${ungraded.submission}: could not be graded`,
    status: 'error',
    score: 0,
    message: ungraded.reason,
    test_code: `${options.command} ${ungraded.submission}`,
    filename: '',
    line_no: 0,
    execution_time: '0.00s',
  };
}

/**
 * The Classroom result object: one test per gradable criterion, each scored with that criterion's points, so the
 * tests add up to the score and `max_score` is what could be graded; skipped criteria are left out (see TEST_STATUS);
 * a submission that could not be graded (an ungraded one, or a batch's report with `error` set) is one `error` test
 * worth its whole `maxScore`, its reason as the message.
 */
export function buildClassroomRun(given: GradeRun, options: Partial<ClassroomOptions> = {}): ClassroomResult {
  const resolved = resolveOptions(defaultOptions, options);
  const run = separateUngraded(given);
  const several = run.reports.length + run.ungraded.length > 1;
  const graded = run.reports.flatMap((report) => {
    const gradable = report.criteria.filter((criterion) => criterion.status !== 'skip');
    const each = report.durationMs === undefined || gradable.length === 0 ? 0 : report.durationMs / 1000 / gradable.length;
    return gradable.map((criterion) => toTest(report, criterion, several, `${each.toFixed(2)}s`, resolved));
  });
  const tests = [...graded, ...run.ungraded.map((ungraded) => ungradedTest(ungraded, resolved))];
  const statuses = tests.map((test) => test.status);
  const status: ClassroomStatus = statuses.includes('error') ? 'error' : statuses.includes('fail') ? 'fail' : 'pass';
  const gradable = run.reports.flatMap((report) => report.criteria.filter((criterion) => criterion.status !== 'skip'));
  const maxScore = gradable.reduce((sum, criterion) => sum + criterion.maxPoints, 0) + run.ungraded.reduce((sum, ungraded) => sum + ungraded.maxScore, 0);
  return { version: 1, status, max_score: maxScore, tests };
}

/** The Classroom result object for graded reports only (see buildClassroomRun). */
export function buildClassroomResult(reports: readonly GradeReport[], options: Partial<ClassroomOptions> = {}): ClassroomResult {
  return buildClassroomRun({ reports, ungraded: [] }, options);
}

/** Base64 of the Classroom result JSON of a whole run, as the grading reporter decodes it. */
export function renderClassroomRun(run: GradeRun, options: Partial<ClassroomOptions> = {}): string {
  return Buffer.from(JSON.stringify(buildClassroomRun(run, options)), 'utf8').toString('base64');
}

/** Base64 of the Classroom result JSON, as the grading reporter decodes it. */
export function renderClassroom(reports: readonly GradeReport[], options: Partial<ClassroomOptions> = {}): string {
  return renderClassroomRun({ reports, ungraded: [] }, options);
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
  renderRun: renderClassroomRun,
  planDelivery: planClassroomDelivery,
});
