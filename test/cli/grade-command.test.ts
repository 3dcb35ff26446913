import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criterionIds } from '../../graders/index.js';
import { withoutSandboxWarning, wtlab, type CliRun } from '../support/cli.js';
import { sharedRepo, type SharedRepo } from '../support/shared-repos.js';

let done: SharedRepo;
let midway: SharedRepo;
/** Where this file's reports go: the shared repos are only read. */
let out: string;

beforeAll(async () => {
  done = await sharedRepo('golden');
  midway = await sharedRepo('worktrees');
  out = mkdtempSync(join(tmpdir(), 'wtlab-grade-command-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** `wtlab grade` of the finished lab, JSON on stdout and JUnit to a file: run once for the two tests that read it. */
let doneRun: Promise<CliRun> | undefined;
function gradeDone(): Promise<CliRun> {
  doneRun ??= wtlab(['grade', done.repo, '--format', `junit=${join(out, 'wtlab-junit.xml')}`, '--format', 'json']);
  return doneRun;
}

describe('wtlab grade', () => {
  it('prints the JSON report of DESIGN.md and exits 0 for the finished lab', async () => {
    const run = await gradeDone();
    expect(withoutSandboxWarning(run.stderr)).toBe('');
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown> & { criteria: Record<string, unknown>[] };
    expect(report).toMatchObject({
      schemaVersion: 1,
      submission: done.repo,
      git: expect.stringMatching(/^\d+\.\d+/),
      stage: 'cleaned',
      score: 100,
      maxScore: 100,
    });
    expect(report.criteria.map((criterion) => criterion.id)).toEqual(criterionIds);
    for (const criterion of report.criteria) {
      expect(Object.keys(criterion).sort()).toEqual(['checks', 'id', 'maxPoints', 'points', 'status', 'title']);
      expect(criterion).toMatchObject({ maxPoints: 20 });
    }
  });

  it('defaults to the current folder, and to JSON when stdout is not a terminal', async () => {
    const run = await wtlab(['grade'], { cwd: done.repo });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ submission: '.', score: 100 });
  });

  it('grades several submissions with --jobs into an array in the order given, exit 1 when one fails', async () => {
    const run = await wtlab(['grade', done.repo, midway.repo, '--jobs', '2', '--format', 'json']);
    // Exit code and stderr first: should the run break, the failure says why instead of a JSON parse error.
    expect({ exitCode: run.exitCode, notGraded: run.stderr.split('\n').filter((line) => line.startsWith('wtlab:')) }).toEqual({ exitCode: 1, notGraded: [] });
    const reports = JSON.parse(run.stdout) as { submission: string; stage: string }[];
    expect(reports.map((report) => [report.submission, report.stage])).toEqual([
      [done.repo, 'cleaned'],
      [midway.repo, 'worktrees'],
    ]);
    expect(run.exitCode).toBe(1);
  });

  it('writes the report to --output instead of stdout', async () => {
    const file = join(out, 'report.json');
    const run = await wtlab(['grade', done.repo, '--output', file]);
    expect({ exitCode: run.exitCode, stderr: run.stderr, stdout: run.stdout }).toEqual({ exitCode: 0, stderr: '', stdout: '' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ score: 100 });
  });

  it('pretty: stage and next step on top, checks with hints, the commit graph, no colour codes under NO_COLOR', async () => {
    const run = await wtlab(['grade', midway.repo, '--format', 'pretty']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toMatch(/\x1b\[/);
    const lines = run.stdout.split('\n');
    expect(lines[1]).toBe(
      'Stage: worktrees · Next: Let agent A add wipe in its worktree, then commit there: cd ../tasks-app-wipe && git commit -am "Add wipe command"',
    );
    expect(run.stdout).toContain('→ Merge it from the main folder: git merge feature/wipe');
    expect(run.stdout).toMatch(/Score: \d+\/100/);
    expect(run.stdout).toContain('Commit graph');
    expect(run.stdout).toContain('(HEAD -> main');
  });

  it('hands the reports to every --format asked for, each to its own file', async () => {
    const junit = join(out, 'wtlab-junit.xml');
    const run = await gradeDone();
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ score: 100 });
    expect(readFileSync(junit, 'utf8')).toContain('<testsuite');
  });

  it('refuses an unknown format with exit 2', async () => {
    const run = await wtlab(['grade', done.repo, '--format', 'xml']);
    expect(run.exitCode).toBe(2);
  });
});
