import type { Builder, TestCase, TestSuite } from 'junit-report-builder';
import type { CheckResult, CriterionResult, GradeReport } from '../../grade/report-types.js';
import { finishJunitRoot, loadJunitBuilder } from '../junit-builder.js';
import { defineReporter, endLine, resolveOptions, type GradeRun, type UngradedSubmission } from './reporter.js';
import { separateUngraded } from './separate-ungraded.js';
import { formatPoints, STATUS_WORD } from './status-text.js';

export interface JunitOptions {
  /**
   * The `name` of the root `<testsuites>` element.
   * @default 'wtlab'
   */
  readonly name: string;
}

const defaultOptions: JunitOptions = { name: 'wtlab' };

type XmlElement = ReturnType<TestCase['build']>;

/**
 * junit-report-builder has no `line` attribute, no `skipped` message and no suite `system-out`, and its
 * CDATA escapes only the first `]]>`; so this wraps a node's own `build` and adds those parts to the element
 * it builds (or to its parent) as attributes and text nodes, which its XML builder escapes in full.
 */
function extendBuild(node: TestCase | TestSuite, extend: (element: XmlElement, parent: XmlElement) => void): void {
  const build = node.build.bind(node);
  node.build = (parent: XmlElement): XmlElement => {
    const element = build(parent);
    extend(element, parent);
    return element;
  };
}

function findChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child): child is XmlElement => 'name' in child && child.name === name && 'att' in child);
}

/** A suite added to the builder, with the `time` (seconds) it was given. */
interface PlacedSuite {
  readonly suite: TestSuite;
  readonly seconds: number;
}

function systemOut(check: CheckResult): string {
  return [check.message, ...(check.evidence ? ['', check.evidence] : [])].join('\n');
}

/** Seconds with millisecond precision, as JUnit's `time` attribute holds them (dorny reads `parseFloat(time) * 1000`). */
function seconds(milliseconds: number): number {
  return Math.round(Math.max(0, milliseconds)) / 1000;
}

function addCheck(suite: TestSuite, criterion: CriterionResult, check: CheckResult, caseMs: number): void {
  const testCase = suite.testCase().className(criterion.id).name(check.id).time(seconds(caseMs));
  if (check.location) testCase.file(check.location.file);
  if (check.status === 'fail') testCase.failure(check.message, check.id);
  if (check.status === 'error') testCase.error(check.message, 'wtlab-error');
  if (check.status === 'skip') testCase.skipped();
  const reason = check.hint ? `${check.message}\n${check.hint}` : check.message;
  const line = check.location?.line;
  extendBuild(testCase, (element) => {
    if (line !== undefined) element.att('line', String(line));
    findChild(element, 'failure')?.txt(reason);
    findChild(element, 'error')?.txt(reason);
    // GitLab shows a skip's text, not its attribute: the reason goes in both.
    findChild(element, 'skipped')?.att('message', reason).txt(reason);
    element.ele('system-out').txt(systemOut(check));
  });
}

/**
 * Checks are judged together on evidence gathered once, so a case has no time of its own: a report's duration
 * is shared out evenly over its criteria, then over each criterion's checks (0 when the report has no duration).
 */
function addCriterion(builder: Builder, report: GradeReport, several: boolean, criterion: CriterionResult): PlacedSuite {
  const points = formatPoints(criterion.points, criterion.maxPoints);
  const suiteMs = (report.durationMs ?? 0) / Math.max(1, report.criteria.length);
  const suite = builder
    .testSuite()
    .name(`${several ? `${report.submission} ` : ''}${criterion.id} (${points})`)
    .time(seconds(suiteMs));
  suite.property('points', String(criterion.points)).property('maxPoints', String(criterion.maxPoints)).property('status', criterion.status);
  for (const check of criterion.checks) addCheck(suite, criterion, check, suiteMs / Math.max(1, criterion.checks.length));
  const out = `${criterion.title}: ${STATUS_WORD[criterion.status]}, ${points} points\nsubmission: ${report.submission}, git ${report.git}, stage ${report.stage}`;
  extendBuild(suite, (element) => {
    element.ele('system-out').txt(out);
  });
  return { suite, seconds: seconds(suiteMs) };
}

/** A submission that could not be graded: a suite with one errored case whose text is the reason. */
function addUngraded(builder: Builder, ungraded: UngradedSubmission): PlacedSuite {
  const suite = builder.testSuite().name(`${ungraded.submission} (could not be graded)`).time(seconds(0));
  const testCase = suite.testCase().className('wtlab').name('could-not-be-graded').time(seconds(0)).error(ungraded.reason, 'wtlab-not-gradable');
  extendBuild(testCase, (element) => {
    findChild(element, 'error')?.txt(ungraded.reason);
  });
  return { suite, seconds: 0 };
}

/**
 * JUnit XML of a whole run: a testsuite per criterion (points in its name and system-out), a testcase per check with
 * classname = criterion id, `time` (seconds) on the root, every suite and case, a skip's reason as text; one errored
 * suite with one errored case per submission that could not be graded (ungraded, or a batch's report with `error`).
 */
export function renderJunitRun(given: GradeRun, options: Partial<JunitOptions> = {}): string {
  const { name } = resolveOptions(defaultOptions, options);
  const run = separateUngraded(given);
  const builder = loadJunitBuilder().newBuilder().name(name);
  const several = run.reports.length + run.ungraded.length > 1;
  const suites = [
    ...run.reports.flatMap((report) => report.criteria.map((criterion) => addCriterion(builder, report, several, criterion))),
    ...run.ungraded.map((ungraded) => addUngraded(builder, ungraded)),
  ];
  finishJunitRoot(suites[0]?.suite, { seconds: suites.reduce((sum, placed) => sum + Math.round(placed.seconds * 1000), 0) / 1000 });
  return endLine(builder.build());
}

/** JUnit XML of graded reports (see renderJunitRun). */
export function renderJunit(reports: readonly GradeReport[], options: Partial<JunitOptions> = {}): string {
  return renderJunitRun({ reports, ungraded: [] }, options);
}

export const junitReporter = defineReporter<JunitOptions>({
  name: 'junit',
  summary: 'JUnit XML: a testsuite per criterion, a testcase per check with file and line',
  defaultOptions,
  render: renderJunit,
  renderRun: renderJunitRun,
});
