import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wtlab } from '../support/cli.js';
import { sharedScenarioRun } from '../support/shared-scenario-run.js';

const empty = mkdtempSync(join(tmpdir(), 'wtlab-nolab-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('wtlab scenarios', () => {
  it('runs every scenario passing on this machine\'s git, with only progress lines on stderr', async () => {
    const run = await sharedScenarioRun();
    expect(run.stderr.split('\n').filter((line) => line !== '' && !/^\[\d+\/\d+\] /.test(line))).toEqual([]);
    expect(run.report.results.filter((result) => result.status === 'pass').map((result) => result.scenario)).toEqual(run.report.scenarios);
    expect(run.exitCode).toBe(0);
  });

  it.each([
    ['an unknown scenario', ['scenarios', 'no-such-scenario'], /^wtlab: unknown scenario no-such-scenario\. Known: lab/],
    ['a lab folder without start/', ['scenarios', '--lab', empty], /^wtlab: lab folder .* has no start\/ snapshot/],
    ['a --git that is not an executable', ['scenarios', '--git', '/nonexistent/git'], /^wtlab: git binary \/nonexistent\/git is not an executable file/],
    ['a --git that is not git', ['scenarios', '--git', '/bin/true'], /^wtlab: \/(usr\/)?bin\/true is not git/],
    ['an unknown option', ['scenarios', '--colour'], /^error: unknown option '--colour'/],
    ['an unknown format', ['scenarios', '--format', 'xml'], /^error: option '--format <format>' argument 'xml' is invalid/],
  ])('refuses %s with one line and exit 2', async (_label, args, message) => {
    const run = await wtlab(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
