import type { Builder, TestCase, TestSuite } from 'junit-report-builder';
import type { CheckResult, CriterionResult, GradeReport } from '../../grade/report-types.js';
import { loadJunitBuilder } from '../junit-builder.js';
import { defineReporter, endLine, resolveOptions } from './reporter.js';
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
 * it builds as attributes and text nodes, which its XML builder escapes in full.
 */
function extendBuild(node: TestCase | TestSuite, extend: (element: XmlElement) => void): void {
  const build = node.build.bind(node);
  node.build = (parent: XmlElement): XmlElement => {
    const element = build(parent);
    extend(element);
    return element;
  };
}

function findChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child): child is XmlElement => 'name' in child && child.name === name && 'att' in child);
}

function systemOut(check: CheckResult): string {
  return [check.message, ...(check.evidence ? ['', check.evidence] : [])].join('\n');
}

function addCheck(suite: TestSuite, criterion: CriterionResult, check: CheckResult): void {
  const testCase = suite.testCase().className(criterion.id).name(check.id);
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
    findChild(element, 'skipped')?.att('message', reason);
    element.ele('system-out').txt(systemOut(check));
  });
}

function addCriterion(builder: Builder, report: GradeReport, several: boolean, criterion: CriterionResult): void {
  const points = formatPoints(criterion.points, criterion.maxPoints);
  const suite = builder.testSuite().name(`${several ? `${report.submission} ` : ''}${criterion.id} (${points})`);
  suite.property('points', String(criterion.points)).property('maxPoints', String(criterion.maxPoints)).property('status', criterion.status);
  for (const check of criterion.checks) addCheck(suite, criterion, check);
  const out = `${criterion.title}: ${STATUS_WORD[criterion.status]}, ${points} points\nsubmission: ${report.submission}, git ${report.git}, stage ${report.stage}`;
  extendBuild(suite, (element) => {
    element.ele('system-out').txt(out);
  });
}

/** JUnit XML: a testsuite per criterion (points in its name and system-out), a testcase per check with classname = criterion id. */
export function renderJunit(reports: readonly GradeReport[], options: Partial<JunitOptions> = {}): string {
  const { name } = resolveOptions(defaultOptions, options);
  const builder = loadJunitBuilder().newBuilder().name(name);
  const several = reports.length > 1;
  for (const report of reports) {
    for (const criterion of report.criteria) addCriterion(builder, report, several, criterion);
  }
  return endLine(builder.build());
}

export const junitReporter = defineReporter<JunitOptions>({
  name: 'junit',
  summary: 'JUnit XML: a testsuite per criterion, a testcase per check with file and line',
  defaultOptions,
  render: renderJunit,
});
