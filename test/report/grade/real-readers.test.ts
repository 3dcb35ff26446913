import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wtlab, type CliRun } from '../../support/cli.js';
import { sharedRepo, type SharedRepo } from '../../support/shared-repos.js';

/**
 * Each report format read back the way its real reader reads it (READERS.md), after the real CLI graded a clone of a
 * finished lab, a clone stopped before merging, and a folder that is not a repository (exit 2).
 */

interface ReaderFiles {
  readonly run: CliRun;
  /** `$GITHUB_OUTPUT` as the runner leaves it. */
  readonly githubOutput: string;
  readonly stepSummary: string;
  readonly junit: string;
  readonly gradescope: string;
}

let root = '';
let perfect: SharedRepo;
let unmerged: SharedRepo;
const runs = new Map<string, ReaderFiles>();
let notGradable = '';

async function gradeForReaders(name: string, ...submissions: string[]): Promise<ReaderFiles> {
  const dir = join(root, name);
  const githubOutput = join(dir, 'github-output');
  const stepSummary = join(dir, 'step-summary.md');
  const junit = join(dir, 'wtlab-junit.xml');
  const gradescope = join(dir, 'results.json');
  const run = await wtlab(
    ['grade', ...submissions, '--format', `junit=${junit}`, '--format', 'github', '--format', 'classroom', '--format', `gradescope=${gradescope}`],
    {
      env: { GITHUB_OUTPUT: githubOutput, GITHUB_STEP_SUMMARY: stepSummary },
    },
  );
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  return { run, githubOutput: read(githubOutput), stepSummary: read(stepSummary), junit: read(junit), gradescope: read(gradescope) };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'wtlab-readers-'));
  // Grading clones the `file://` URL and never writes the source: the run's shared repos serve as they are.
  [perfect, unmerged] = await Promise.all([sharedRepo('golden'), sharedRepo('committed')]);
  const notRepo = mkdtempSync(join(root, 'not-a-repo-'));
  const [a, b, c, d] = await Promise.all([
    gradeForReaders('perfect', `file://${perfect.repo}`),
    gradeForReaders('unmerged', `file://${unmerged.repo}`),
    gradeForReaders('exit2', notRepo),
    gradeForReaders('batch', `file://${perfect.repo}`, notRepo),
  ]);
  runs.set('perfect', a).set('unmerged', b).set('exit2', c).set('batch', d);
  notGradable = notRepo;
}, 240_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function files(name: string): ReaderFiles {
  const found = runs.get(name);
  if (found === undefined) throw new Error(`no run ${name}`);
  return found;
}

// --- GitHub Classroom: classroom-resources/autograding-grading-reporter ---------------------------------------

interface ClassroomTotals {
  readonly points: number;
  readonly max: number;
  readonly failed: boolean;
  /** The reporter's log formula: passed tests / tests × max_score. */
  readonly logged: number;
  /** Messages it prints: only for tests whose status is `error`. */
  readonly printed: readonly string[];
}

/** The workflow maps `steps.wtlab.outputs.result` to `WTLAB_RESULTS`; the runner reads `result=` from `$GITHUB_OUTPUT`. */
function stepOutput(githubOutput: string, name: string): string | undefined {
  return githubOutput
    .split('\n')
    .find((line) => line.startsWith(`${name}=`))
    ?.slice(name.length + 1);
}

/** The reporter's steps: base64-decode `<RUNNER>_RESULTS`, JSON.parse (throws on empty), sum scores and max_score, fail on status `fail`. */
function classroomReporter(env: Readonly<Record<string, string | undefined>>, runners: readonly string[]): ClassroomTotals {
  let points = 0;
  let max = 0;
  let failed = false;
  let logged = 0;
  const printed: string[] = [];
  for (const runner of runners) {
    const encoded = env[`${runner.toUpperCase()}_RESULTS`] ?? '';
    const results = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as {
      status: string;
      max_score: number;
      tests: { status: string; score?: number; message?: string }[];
    };
    points += results.tests.reduce((sum, test) => sum + (test.score ?? 0), 0);
    max += results.max_score;
    if (results.status === 'fail') failed = true;
    const passed = results.tests.filter((test) => test.status === 'pass').length;
    logged += results.tests.length === 0 ? 0 : (passed / results.tests.length) * results.max_score;
    for (const test of results.tests) if (test.status === 'error' && test.message) printed.push(test.message);
  }
  return { points, max, failed, logged, printed };
}

function classroomOf(name: string): ClassroomTotals {
  return classroomReporter({ WTLAB_RESULTS: stepOutput(files(name).githubOutput, 'result') }, ['wtlab']);
}

// --- Gradescope: results.json ------------------------------------------------------------------------------------

interface GradescopeView {
  readonly score: number;
  readonly max: number;
  readonly lost: number;
  readonly formats: readonly string[];
}

/** What Gradescope shows: `score` overrides the tests' sum; a test's lost points are max_score - score; formats per text. */
function gradescopeReader(text: string): GradescopeView {
  const results = JSON.parse(text) as {
    score?: number;
    output_format?: string;
    test_output_format?: string;
    tests: { score: number; max_score: number; output_format?: string }[];
  };
  const sum = results.tests.reduce((total, test) => total + test.score, 0);
  return {
    score: results.score ?? sum,
    max: results.tests.reduce((total, test) => total + test.max_score, 0),
    lost: results.tests.reduce((total, test) => total + (test.max_score - test.score), 0),
    formats: [
      results.output_format ?? 'simple_format',
      results.test_output_format ?? 'simple_format',
      ...results.tests.map((test) => test.output_format ?? results.test_output_format ?? 'simple_format'),
    ],
  };
}

// --- JUnit readers ---------------------------------------------------------------------------------------------------

type XmlNode = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseAttributeValue: false,
  textNodeName: '#text',
  isArray: (name) => ['testsuite', 'testcase'].includes(name),
});

function suites(xml: string): XmlNode[] {
  const parsed = parser.parse(xml) as { testsuites: { testsuite?: XmlNode[] } };
  return parsed.testsuites.testsuite ?? [];
}

function cases(suite: XmlNode): XmlNode[] {
  return (suite.testcase as XmlNode[] | undefined) ?? [];
}

/** dorny/test-reporter (java-junit): `parseFloat(time) * 1000` per suite and case; NaN prints `NaNms`. */
function dornyTimes(xml: string): number[] {
  return suites(xml).flatMap((suite) => [suite, ...cases(suite)].map((node) => Number.parseFloat(String(node['@time'])) * 1000));
}

/** GitLab: a skipped case shows the `<skipped>` element's text. */
function gitlabSkipTexts(xml: string): string[] {
  return suites(xml).flatMap((suite) =>
    cases(suite).flatMap((node) => {
      if (!('skipped' in node)) return [];
      const skipped = node.skipped;
      return [typeof skipped === 'string' ? skipped : String((skipped as XmlNode)['#text'] ?? '')];
    }),
  );
}

/** GitLab: a failed or errored case shows the `<failure>` / `<error>` element's text. */
function gitlabFailureTexts(xml: string): string[] {
  return suites(xml).flatMap((suite) =>
    cases(suite).flatMap((node) =>
      (['failure', 'error'] as const).flatMap((kind) => {
        if (!(kind in node)) return [];
        const element = node[kind];
        return [typeof element === 'string' ? element : String((element as XmlNode)['#text'] ?? '')];
      }),
    ),
  );
}

/** Jenkins (junit-10.xsd): the root's counts are its suites' sums, with a `time` and no `skipped`. */
function jenkinsRootProblems(xml: string): string[] {
  const root = (parser.parse(xml) as { testsuites: XmlNode }).testsuites;
  const sum = (attribute: string) => suites(xml).reduce((total, suite) => total + Number(suite[`@${attribute}`]), 0);
  const problems = ['tests', 'failures', 'errors'].filter((attribute) => Number(root[`@${attribute}`]) !== sum(attribute)).map((name) => `root: ${name}`);
  if ('@skipped' in root) problems.push('root: skipped is not in the schema');
  if (!Number.isFinite(Number.parseFloat(String(root['@time'])))) problems.push('root: no time');
  return problems;
}

/** Jenkins: counts per suite must match its cases; `time` on every suite and case; the root as junit-10.xsd has it. */
function jenkinsProblems(xml: string): string[] {
  return [...jenkinsRootProblems(xml), ...suitesProblems(xml)];
}

function suitesProblems(xml: string): string[] {
  return suites(xml).flatMap((suite) => {
    const list = cases(suite);
    const count = (kind: string) => list.filter((node) => kind in node).length;
    const problems: string[] = [];
    if (Number(suite['@tests']) !== list.length) problems.push(`${String(suite['@name'])}: tests`);
    for (const kind of ['failures', 'errors', 'skipped'] as const)
      if (Number(suite[`@${kind}`]) !== count(kind === 'failures' ? 'failure' : kind === 'errors' ? 'error' : 'skipped'))
        problems.push(`${String(suite['@name'])}: ${kind}`);
    if (suite['@time'] === undefined) problems.push(`${String(suite['@name'])}: no time`);
    for (const node of list) if (node['@time'] === undefined) problems.push(`${String(node['@name'])}: no time`);
    return problems;
  });
}

/** GitHub: annotations per kind in one step (10 are shown). */
function annotationCounts(stdout: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of stdout.matchAll(/^::(error|warning|notice)[ :]/gm)) counts[match[1]!] = (counts[match[1]!] ?? 0) + 1;
  return counts;
}

describe('a clone of the finished lab (its record committed)', () => {
  it('is green for Classroom with every point earned', () => {
    expect(files('perfect').run.exitCode).toBe(0);
    const totals = classroomOf('perfect');
    expect(totals).toMatchObject({ points: 100, max: 100, failed: false, logged: 100 });
  });

  it('loses no points on Gradescope, in text format throughout', () => {
    const view = gradescopeReader(files('perfect').gradescope);
    expect(view).toMatchObject({ score: 100, max: 100, lost: 0 });
    expect(new Set(view.formats)).toEqual(new Set(['text']));
  });

  it('gives every JUnit suite and case a time dorny can read, skip reasons GitLab can show, counts Jenkins agrees with', () => {
    const { junit } = files('perfect');
    const times = dornyTimes(junit);
    expect(times.length).toBeGreaterThan(10);
    expect(times.every((time) => Number.isFinite(time) && time >= 0)).toBe(true);
    const skips = gitlabSkipTexts(junit);
    expect(skips.length).toBeGreaterThan(0);
    expect(skips.every((text) => text.trim().length > 10)).toBe(true);
    expect(jenkinsProblems(junit)).toEqual([]);
  });

  it('keeps every kind of GitHub annotation within what one step shows', () => {
    const { run } = files('perfect');
    for (const count of Object.values(annotationCounts(run.stdout))) expect(count).toBeLessThanOrEqual(10);
  });
});

describe('a clone stopped before merging (no record: what only the folder shows is skipped)', () => {
  it('fails the Classroom job on what failed, scores only what was gradable, and its logged score agrees with the points sent', () => {
    expect(files('unmerged').run.exitCode).toBe(1);
    const totals = classroomOf('unmerged');
    expect(totals.failed).toBe(true);
    expect(totals.points).toBeLessThan(totals.max);
    expect(totals.max).toBeLessThan(100);
    expect(totals.logged).toBe(totals.points);
  });

  it('shows on Gradescope the points lost to failed criteria only, skipped ones as 0 of 0', () => {
    const view = gradescopeReader(files('unmerged').gradescope);
    const results = JSON.parse(files('unmerged').gradescope) as { tests: { score: number; max_score: number; status?: string }[] };
    expect(results.tests.filter((test) => test.max_score === 0 && test.status === undefined).length).toBeGreaterThan(0);
    expect(view.lost).toBe(results.tests.filter((test) => test.status === 'failed').reduce((sum, test) => sum + test.max_score - test.score, 0));
    expect(view.score + view.lost).toBe(view.max);
  });

  it('counts failures in JUnit as Jenkins and dorny read them', () => {
    const { junit } = files('unmerged');
    expect(jenkinsProblems(junit)).toEqual([]);
    const failures = suites(junit).reduce((sum, suite) => sum + Number(suite['@failures']), 0);
    expect(failures).toBeGreaterThan(0);
    // GitLab shows each failure's text: every one says what failed and what to do.
    const texts = gitlabFailureTexts(junit);
    expect(texts).toHaveLength(failures);
    expect(texts.every((text) => text.trim().length > 10)).toBe(true);
    expect(dornyTimes(junit).every(Number.isFinite)).toBe(true);
  });
});

describe('a submission that cannot be graded (exit 2)', () => {
  it('still leaves Classroom a result: an error test with the reason, nothing earned', () => {
    const { run } = files('exit2');
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    const totals = classroomOf('exit2');
    expect(totals).toMatchObject({ points: 0, max: 100, failed: false, logged: 0 });
    expect(totals.printed).toHaveLength(1);
    expect(run.stderr).toContain(totals.printed[0]);
  });

  it('still writes results.json for Gradescope, with the reason', () => {
    const { gradescope, run } = files('exit2');
    const view = gradescopeReader(gradescope);
    expect(view).toMatchObject({ score: 0, max: 100 });
    expect((JSON.parse(gradescope) as { output: string }).output).toContain(run.stderr.replace(/^wtlab: /, '').trim());
  });

  it('reports an errored JUnit case and one GitHub error annotation', () => {
    const { junit, run } = files('exit2');
    expect(suites(junit).reduce((sum, suite) => sum + Number(suite['@errors']), 0)).toBe(1);
    expect(jenkinsProblems(junit)).toEqual([]);
    expect(annotationCounts(run.stdout)).toEqual({ error: 1 });
  });
});

describe('a batch of a finished clone and a submission that cannot be graded (exit 2)', () => {
  it('gives Classroom one `error` test with the reason for the ungradable one, counted once in max_score', () => {
    const { run, githubOutput } = files('batch');
    expect(run.exitCode).toBe(2);
    const result = JSON.parse(Buffer.from(stepOutput(githubOutput, 'result') ?? '', 'base64').toString('utf8')) as {
      tests: { name: string; status: string; message: string }[];
    };
    const errors = result.tests.filter((test) => test.status === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.name).toContain(notGradable);
    expect(run.stderr).toContain(`${notGradable} could not be graded: ${errors[0]?.message ?? '?'}`);
    const totals = classroomOf('batch');
    expect(totals).toMatchObject({ points: 100, max: 200, failed: false });
    expect(totals.printed).toEqual([errors[0]?.message]);
  });

  it('gives Gradescope one failed test with the reason, its points lost once', () => {
    const view = gradescopeReader(files('batch').gradescope);
    expect(view).toMatchObject({ score: 100, max: 200, lost: 100 });
    const results = JSON.parse(files('batch').gradescope) as { tests: { name: string; status?: string; output: string }[] };
    const failed = results.tests.filter((test) => test.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.name).toContain(notGradable);
    expect(failed[0]?.output).toMatch(/not inside a git repository/);
  });

  it('gives JUnit readers one errored suite with one errored case, and GitHub one error annotation', () => {
    const { junit, run } = files('batch');
    expect(jenkinsProblems(junit)).toEqual([]);
    const errored = suites(junit).filter((suite) => Number(suite['@errors']) > 0);
    expect(errored).toHaveLength(1);
    expect(cases(errored[0] as XmlNode)).toHaveLength(1);
    expect(String(errored[0]?.['@name'])).toContain(notGradable);
    // The finished clone may leave notices (skipped checks); the ungradable one is one error, not a warning per criterion.
    expect(annotationCounts(run.stdout)).toMatchObject({ error: 1 });
    expect(annotationCounts(run.stdout)).not.toHaveProperty('warning');
  });
});
