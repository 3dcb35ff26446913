import { describe, expect, it } from 'vitest';
import { batchExitCode, formatClassSummary, summarizeClass } from '../../src/batch/class-summary.js';
import { formatProgressLine, startProgress } from '../../src/batch/progress.js';
import { formatSummaryCsv, summaryRows, writeSummaryFile } from '../../src/batch/summary-file.js';
import { ungradableReport } from '../../src/batch/ungradable-report.js';
import type { GradedSubmission } from '../../src/batch/types.js';
import type { CriterionResult, GradeReport, Status } from '../../src/grade/report-types.js';
import { parseCsv } from '../support/parse-csv.js';

const IDS = ['merged', 'concepts'] as const;

function criterion(id: (typeof IDS)[number], status: Status, failing: readonly string[] = []): CriterionResult {
  const checks =
    failing.length > 0
      ? failing.map((check) => ({ id: check, status: 'fail' as const, message: `${check} is wrong, really` }))
      : [{ id: 'only', status, message: 'as it is' }];
  return { id, title: id, status, points: status === 'pass' ? 20 : 0, maxPoints: 20, checks };
}

function graded(source: string, merged: CriterionResult, concepts: CriterionResult): GradedSubmission {
  const report: GradeReport = {
    schemaVersion: 1,
    submission: source,
    git: '2.39.5',
    stage: 'merged',
    score: merged.points + concepts.points,
    maxScore: 40,
    criteria: [merged, concepts],
  };
  return { source, report, commands: [] };
}

const results: GradedSubmission[] = [
  graded('a', criterion('merged', 'pass'), criterion('concepts', 'pass')),
  graded('b', criterion('merged', 'fail', ['no-conflict-markers', 'wipe-works']), criterion('concepts', 'skip')),
  graded('c', criterion('merged', 'fail', ['no-conflict-markers']), criterion('concepts', 'error')),
  { source: 'd, "the odd one"', error: 'cannot read archive d: bad, "really"\nsecond line', commands: [] },
];

describe('the class summary of a batch', () => {
  it("counts each criterion's statuses and ranks failing checks by how many submissions failed them", () => {
    const summary = summarizeClass(results, { checkTitles: { 'merged/no-conflict-markers': 'No conflict markers in tracked files' } });
    expect(summary).toMatchObject({ submissions: 4, graded: 3, notGraded: 1, allPassed: 1 });
    expect(summary.criteria).toEqual([
      { id: 'merged', pass: 1, fail: 2, skip: 0, error: 0 },
      { id: 'concepts', pass: 1, fail: 0, skip: 1, error: 1 },
    ]);
    expect(summary.failingChecks).toEqual([
      { id: 'merged/no-conflict-markers', title: 'No conflict markers in tracked files', count: 2 },
      { id: 'merged/wipe-works', title: 'merged/wipe-works', count: 1 },
    ]);
    expect(formatClassSummary(summary)).toContain('     2  merged/no-conflict-markers: No conflict markers in tracked files\n');
  });

  it("shows a failing check by its title and count, never one learner's message or path", () => {
    const own = (source: string) =>
      graded(
        source,
        { ...criterion('merged', 'fail'), checks: [{ id: 'no-conflict-markers', status: 'fail', message: `${source}/cli.py:12 has a conflict marker` }] },
        criterion('concepts', 'pass'),
      );
    const text = formatClassSummary(
      summarizeClass([own('/home/ada/tasks-app'), own('/home/bob/tasks-app')], {
        checkTitles: { 'merged/no-conflict-markers': 'No conflict markers in tracked files' },
      }),
    );
    expect(text).toContain('     2  merged/no-conflict-markers: No conflict markers in tracked files\n');
    expect(text).not.toContain('/home/');
  });

  it('exits 2 when one could not be graded, else 1 when one failed or broke, else 0', () => {
    expect(batchExitCode(results)).toBe(2);
    expect(batchExitCode(results.slice(0, 3))).toBe(1);
    expect(batchExitCode([results[0] as GradedSubmission, graded('e', criterion('merged', 'pass'), criterion('concepts', 'error'))])).toBe(1);
    expect(batchExitCode(results.slice(0, 1))).toBe(0);
  });

  it('writes CSV that a CSV reader gets back field for field, commas, quotes and line breaks included', () => {
    const csv = formatSummaryCsv(summaryRows(results, IDS), IDS);
    expect(parseCsv(csv)).toEqual([
      ['path', 'stage', 'score', 'maxScore', 'merged', 'concepts', 'error'],
      ['a', 'merged', '40', '40', 'pass', 'pass', ''],
      ['b', 'merged', '0', '40', 'fail', 'skip', ''],
      ['c', 'merged', '0', '40', 'fail', 'error', ''],
      ['d, "the odd one"', '', '', '', '', '', 'cannot read archive d: bad, "really"\nsecond line'],
    ]);
  });
});

describe('batch progress', () => {
  function capture(isTTY: boolean) {
    const written: string[] = [];
    return { stream: { isTTY, columns: 80, write: (text: string) => written.push(text) }, written };
  }

  it('without a terminal: one plain line per finished submission, no control codes', () => {
    const { stream, written } = capture(false);
    const progress = startProgress(stream, 4);
    for (const result of results) progress.done(result);
    progress.end();
    expect(written).toEqual([
      '[1/4] a: 40/40, stage merged\n',
      '[2/4] b: 0/40, stage merged, failed merged\n',
      '[3/4] c: 0/40, stage merged, failed merged concepts\n',
      '[4/4] d, "the odd one": could not be graded: cannot read archive d: bad, "really"\nsecond line\n',
    ]);
  });

  it('on a terminal: a bar redrawn in place that ends full, and a cleared line at the end', () => {
    const { stream, written } = capture(true);
    const progress = startProgress(stream, 4);
    for (const result of results) progress.done(result);
    progress.end();
    const bars = written.filter((text) => text.includes('grading ['));
    expect(bars[0]).toMatch(/^\r\x1b\[2Kgrading \[-+\] 0\/4 {2}failed 0 {2}not graded 0$/);
    expect(bars.at(-1)).toMatch(/^\r\x1b\[2Kgrading \[#+\] 4\/4 {2}failed 2 {2}not graded 1$/);
    expect(written.some((text) => text.includes('could not be graded'))).toBe(true);
    expect(written.at(-1)).toBe('\r\x1b[2K');
  });
});

describe('a token in a submission URL', () => {
  const url = 'https://x-access-token:ghp_batchToken@example.org/learner/tasks-app.git';

  it('is hidden in its progress line', () => {
    const line = formatProgressLine({ source: url, error: 'cannot clone', commands: [] }, 1, 2);
    expect(line).toBe('[1/2] https://x-access-token:***@example.org/learner/tasks-app.git: could not be graded: cannot clone');
  });

  it('is hidden in the report of a submission that could not be graded', () => {
    const report = ungradableReport(url, 'cannot clone', { criteria: [{ id: 'merged', title: 'Merged', points: 20 }], git: '2.39.5' });
    expect(report.submission).toBe('https://x-access-token:***@example.org/learner/tasks-app.git');
    expect(JSON.stringify(report)).not.toContain('ghp_batchToken');
  });
});

// Node 20's recursive mkdir loops for ever under /proc: the summary is refused at once instead.
it.runIf(process.platform === 'linux')(
  'a --summary under /proc is one user error, not a hang',
  async () => {
    await expect(writeSummaryFile('/proc/nope/class.csv', summaryRows(results, IDS), summarizeClass(results, { checkTitles: {} }), IDS)).rejects.toMatchObject({
      name: 'UserError',
      code: 'SUMMARY_NOT_WRITTEN',
    });
  },
  10_000,
);
