import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGit } from '../../../src/git/run-git.js';
import { sealedEnv } from '../../../src/git/sealed-env.js';
import { gradeSubmission } from '../../../src/grade/grade-submission.js';
import type { GradeReport } from '../../../src/grade/report-types.js';
import { GRADE_FORMATS, gradeReporters } from '../../../src/report/grade/index.js';
import { lab } from '../../../lab/index.js';
import { wtlab } from '../../support/cli.js';
import { testGit } from '../../support/git.js';
import { sharedRepo } from '../../support/shared-repos.js';

/** A token as a CI job puts it in a clone URL; none of it may be shown anywhere. */
const TOKEN = 'ghp_S3cretT0ken';

let out = '';
let server: ChildProcess | undefined;
let base = '';
let report: GradeReport;

/** Serves `folder` over plain HTTP (git's dumb protocol, any user and password accepted); resolves to its base URL. */
function serve(folder: string): Promise<string> {
  const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', folder], { stdio: ['ignore', 'pipe', 'pipe'] });
  server = child;
  return new Promise((resolve, reject) => {
    let said = '';
    child.stdout.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      const port = /port (\d+)/.exec(said)?.[1];
      if (port !== undefined) resolve(`127.0.0.1:${port}`);
    });
    child.on('exit', (code) => reject(new Error(`http.server exited ${code}: ${said}`)));
  });
}

/** The text with every base64 run decoded beside it (GitHub Classroom's report is base64 JSON). */
function shown(text: string): string {
  const decoded = [...text.matchAll(/[A-Za-z0-9+/]{40,}={0,2}/g)].map(([run]) => Buffer.from(run, 'base64').toString('utf8'));
  return [text, ...decoded].join('\n');
}

beforeAll(async () => {
  const golden = await sharedRepo('golden');
  out = mkdtempSync(join(tmpdir(), 'wtlab-token-url-'));
  const git = await testGit();
  const bare = join(out, 'served', 'tasks-app.git');
  const env = sealedEnv({ git, home: out });
  for (const args of [
    ['clone', '--bare', '--quiet', golden.repo, bare],
    ['-C', bare, 'update-server-info'],
  ]) {
    const result = await runGit(git, args, { cwd: out, env });
    expect(result.stderr).toBe('');
  }
  base = await serve(join(out, 'served'));
  report = await gradeSubmission(`http://x-access-token:${TOKEN}@${base}/tasks-app.git`, { git, lab });
}, 120_000);

afterAll(() => {
  server?.kill();
  rmSync(out, { recursive: true, force: true });
});

describe('a token in a clone URL', () => {
  it('is used to clone, and the report names the submission with it hidden', () => {
    expect(report.submission).toBe(`http://x-access-token:***@${base}/tasks-app.git`);
    expect(report.score).toBeGreaterThan(0);
  });

  it.each(GRADE_FORMATS)('is in no %s report', (format) => {
    const reporter = gradeReporters[format];
    const rendered = shown([reporter.render([report]), reporter.renderRun?.({ reports: [report], ungraded: [] }) ?? ''].join('\n'));
    // GitHub annotations name criteria, not the submission; every other reader names it, with the token hidden.
    if (format !== 'github') expect(rendered).toContain(`x-access-token:***@${base}/tasks-app.git`);
    expect(rendered).not.toContain(TOKEN);
  });

  it.each(GRADE_FORMATS)('is in no %s report, nor on stderr, when the clone fails', async (format) => {
    const url = `https://x-access-token:${TOKEN}@${base}/missing.git`;
    const run = await wtlab(['grade', url, '--format', format], { cwd: out, env: { GITHUB_STEP_SUMMARY: '', GITHUB_ACTIONS: '' } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^wtlab: cannot clone https:\/\/x-access-token:\*\*\*@/);
    expect(shown(`${run.stdout}\n${run.stderr}`)).not.toContain(TOKEN);
  });

  it('is in no progress line, batch report, summary file or --explain output', async () => {
    const good = `http://x-access-token:${TOKEN}@${base}/tasks-app.git`;
    const bad = `http://${TOKEN}@${base}/missing.git`;
    const summary = join(out, 'class.csv');
    const run = await wtlab(['grade', good, bad, '--jobs', '2', '--format', 'json', '--summary', summary, '--explain'], { cwd: out });
    const reports = JSON.parse(run.stdout) as { submission: string; error?: string }[];
    expect(reports.map((one) => one.submission)).toEqual([`http://x-access-token:***@${base}/tasks-app.git`, `http://***@${base}/missing.git`]);
    expect(reports[1]?.error).toMatch(/cannot clone/);
    expect(run.stderr).toContain(`[2/2]`);
    expect(run.stderr).toContain('git clone');
    for (const text of [run.stdout, run.stderr, readFileSync(summary, 'utf8')]) expect(text).not.toContain(TOKEN);
  });
});
