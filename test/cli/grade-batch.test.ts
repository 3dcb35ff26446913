import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenQuizLab, committedStateLab, sequentialLab } from '../support/lab-variants.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GradeReport, Status } from '../../src/grade/report-types.js';
import { wtlab, type CliRun } from '../support/cli.js';
import { testGit } from '../support/git.js';
import type { BuiltRepo } from '../support/build-repo.js';
import { buildOnShared, sharedRepo, type SharedRepoName } from '../support/shared-repos.js';
import type { Scenario } from '../../src/scenario/types.js';
import { parseCsv } from '../support/parse-csv.js';
import { lab } from '../../lab/index.js';
import { criterionIds } from '../../graders/index.js';

const IDS = criterionIds;
/** How many copies of each kind of repo go into the class: 57 repos, plus 3 that cannot be graded = 60. */
const MIX = { golden: 33, sequential: 10, committedState: 8, brokenQuiz: 6 } as const;
type Kind = keyof typeof MIX;

let root: string;
const built: BuiltRepo[] = [];
const single = new Map<Kind, GradeReport>();
const kindOf = new Map<string, Kind>();
const broken = ['not-a-repo', 'unreadable.tar.gz', 'missing-folder'];
let sources: string[];
let run: CliRun;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'wtlab-batch-test-'));
  // Each road played on from a copy of the run's shared repo its steps start with.
  const scenarios: Record<Exclude<Kind, 'golden'>, { readonly road: Scenario; readonly from: SharedRepoName }> = {
    sequential: { road: sequentialLab(), from: 'start' },
    committedState: { road: committedStateLab(), from: 'worktrees' },
    brokenQuiz: { road: brokenQuizLab(), from: 'checked' },
  };
  const git = await testGit();
  sources = [];
  for (const kind of Object.keys(MIX) as Kind[]) {
    // The finished lab is the run's shared one (only read); the others are this file's own, built on shared ones.
    let repo: { readonly repo: string };
    if (kind === 'golden') repo = await sharedRepo('golden');
    else {
      const own = await buildOnShared(scenarios[kind].from, scenarios[kind].road);
      built.push(own);
      repo = own;
    }
    single.set(kind, await gradeSubmission(repo.repo, { git, lab }));
    for (let copy = 0; copy < MIX[kind]; copy += 1) {
      const target = join(root, 'subs', `${kind}-${String(copy).padStart(2, '0')}`);
      cpSync(repo.repo, target, { recursive: true, verbatimSymlinks: true });
      sources.push(target);
      kindOf.set(target, kind);
    }
  }
  mkdirSync(join(root, 'subs', 'not-a-repo'));
  writeFileSync(join(root, 'subs', 'not-a-repo', 'notes.txt'), 'no repository here\n');
  writeFileSync(join(root, 'subs', 'unreadable.tar.gz'), 'this is not a tar archive\n');
  sources.push(...broken.map((name) => join(root, 'subs', name)));
  run = await wtlab(['grade', ...sources, '--jobs', '2', '--format', `json=${join(root, 'reports.json')}`, '--summary', join(root, 'class.csv')]);
}, 600_000);
afterAll(async () => {
  for (const repo of built) await repo.sandbox.remove();
  if (root) rmSync(root, { recursive: true, force: true });
});

/** What the summary should count, from grading one repo of each kind on its own. */
function expectedTally(id: string): Record<Status, number> {
  const tally: Record<Status, number> = { pass: 0, fail: 0, skip: 0, error: 0 };
  for (const kind of Object.keys(MIX) as Kind[]) {
    const status = single.get(kind)?.criteria.find((criterion) => criterion.id === id)?.status;
    if (status === undefined) throw new Error(`no ${id} for ${kind}`);
    tally[status] += MIX[kind];
  }
  return tally;
}

describe('wtlab grade on a class of 60 submissions', () => {
  it('the mix really is mixed: the golden repo passes, each variant fails something', () => {
    expect(single.get('golden')?.score).toBe(100);
    for (const kind of ['sequential', 'committedState', 'brokenQuiz'] as const) {
      expect(
        single.get(kind)?.criteria.some((criterion) => criterion.status === 'fail'),
        kind,
      ).toBe(true);
    }
  });

  it('prints one progress line per submission on stderr (not a terminal), broken ones with their reason', () => {
    const lines = run.stderr.split('\n').filter((line) => /^\[\d+\/60\] /.test(line));
    expect(lines).toHaveLength(60);
    expect(lines.map((line) => Number(/^\[(\d+)\//.exec(line)?.[1])).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    for (const source of sources)
      expect(
        lines.filter((line) => line.includes(`] ${source}:`)),
        source,
      ).toHaveLength(1);
    expect(lines.find((line) => line.includes('not-a-repo:'))).toMatch(/could not be graded: .*is not inside a git repository/);
    expect(lines.find((line) => line.includes('unreadable.tar.gz:'))).toMatch(/could not be graded: cannot read archive/);
    expect(lines.find((line) => line.includes('missing-folder:'))).toMatch(/could not be graded: .*does not exist/);
    expect(run.stderr).toMatch(/^wtlab: .*not-a-repo could not be graded: /m);
  });

  it('exits 2 because three submissions could not be graded, and still grades the other 57; the report lists all 60', () => {
    expect(run.exitCode).toBe(2);
    const reports = JSON.parse(readFileSync(join(root, 'reports.json'), 'utf8')) as GradeReport[];
    expect(reports).toHaveLength(60);
    expect(reports.map((report) => report.submission)).toEqual(sources);
    for (const report of reports.slice(0, 57)) expect(report.score, report.submission).toBe(single.get(kindOf.get(report.submission) as Kind)?.score);
    for (const report of reports.slice(57)) {
      expect(report.error, report.submission).toMatch(/\S/);
      expect(report.criteria.map((criterion) => criterion.status)).toEqual(IDS.map(() => 'error'));
    }
  });

  it('prints the class summary on stdout (the reports went to a file) with the right counts per criterion', () => {
    expect(run.stdout).toContain('Class summary: 60 submissions, 57 graded, 3 could not be graded, 33 with no failed criterion');
    for (const id of IDS) {
      const row = run.stdout.split('\n').find((line) => line.trim().startsWith(`${id} `));
      const counts = row?.trim().split(/\s+/).slice(1).map(Number);
      const expected = expectedTally(id);
      expect(counts, id).toEqual([expected.pass, expected.fail, expected.skip, expected.error]);
    }
  });

  it('lists the most common failing checks with how many submissions failed each', () => {
    const failing = new Map<string, number>();
    for (const kind of Object.keys(MIX) as Kind[]) {
      for (const criterion of single.get(kind)?.criteria ?? []) {
        for (const check of criterion.checks)
          if (check.status === 'fail') failing.set(`${criterion.id}/${check.id}`, (failing.get(`${criterion.id}/${check.id}`) ?? 0) + MIX[kind]);
      }
    }
    expect(failing.size).toBeGreaterThan(0);
    const section = run.stdout.slice(run.stdout.indexOf('Most common failing checks'));
    const listed = section
      .split('\n')
      .slice(1)
      .flatMap((line) => {
        const found = /^\s+(\d+)\s+([\w-]+\/[\w-]+): /.exec(line);
        return found ? [[found[2] as string, Number(found[1])] as const] : [];
      });
    const top = [...failing].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
    expect(listed).toEqual(top);
  });

  it('writes a CSV summary: a header, one row per submission in order, statuses matching the reports, reasons for broken ones', () => {
    const [header, ...rows] = parseCsv(readFileSync(join(root, 'class.csv'), 'utf8'));
    expect(header).toEqual(['path', 'stage', 'score', 'maxScore', ...IDS, 'error']);
    expect(rows).toHaveLength(60);
    expect(rows.map((row) => row[0])).toEqual(sources);
    for (const row of rows.slice(0, 57)) {
      const report = single.get(kindOf.get(row[0] as string) as Kind) as GradeReport;
      expect(row, row[0]).toEqual([
        row[0],
        report.stage,
        String(report.score),
        String(report.maxScore),
        ...IDS.map((id) => report.criteria.find((criterion) => criterion.id === id)?.status),
        '',
      ]);
    }
    for (const row of rows.slice(57)) {
      expect(row.slice(1, 9), row[0]).toEqual(['', '', '', '', '', '', '', '']);
      expect(row[9], row[0]).toMatch(/\S/);
    }
  });

  it('writes a JSON summary for a small batch, and it matches the class CSV rows of the same submissions', async () => {
    const small = [sources[0] as string, sources[40] as string, sources[57] as string];
    const json = await wtlab(['grade', ...small, '--jobs', '2', '--format', `json=${join(root, 'small.json')}`, '--summary', join(root, 'small-summary.json')]);
    expect(json.exitCode).toBe(2);
    // The class run graded the same submissions: its CSV rows are what a CSV summary of this batch holds.
    const [, ...classRows] = parseCsv(readFileSync(join(root, 'class.csv'), 'utf8'));
    const rows = small.map((source) => classRows.find((row) => row[0] === source));
    expect(rows.map((row) => row?.[0])).toEqual(small);
    const parsed = JSON.parse(readFileSync(join(root, 'small-summary.json'), 'utf8')) as {
      schemaVersion: number;
      summary: { submissions: number; graded: number; notGraded: number; criteria: { id: string; pass: number; fail: number }[] };
      submissions: { path: string; stage: string; score: number | ''; maxScore: number | ''; criteria: Record<string, string>; error: string }[];
    };
    expect(parsed).toMatchObject({ schemaVersion: 1, summary: { submissions: 3, graded: 2, notGraded: 1 } });
    expect(
      parsed.submissions.map((row) => [row.path, row.stage, String(row.score), String(row.maxScore), ...IDS.map((id) => row.criteria[id]), row.error]),
    ).toEqual(rows);
  });

  it('refuses a --summary file that is neither .csv nor .json before grading anything', async () => {
    const refused = await wtlab(['grade', sources[0] as string, '--summary', join(root, 'class.txt')]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/^wtlab: --summary .*class\.txt must end in \.csv or \.json/);
  });
});
