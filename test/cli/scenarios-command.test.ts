import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wtlab } from '../support/cli.js';
import { copyLab } from '../support/lab-copy.js';
import { sharedScenarioRun } from '../support/shared-scenario-run.js';

const empty = mkdtempSync(join(tmpdir(), 'wtlab-nolab-'));
/** Where reports written by --output go. */
const out = mkdtempSync(join(tmpdir(), 'wtlab-scenarios-out-'));
/** A lab whose cli.py runs commands through argparse subparsers: no dispatch the agents know. */
const argparseLab = copyLab({
  files: {
    'start/cli.py':
      'import argparse\n\nUSAGE = "usage: cli.py add <title> | list | done <index>"\nparser = argparse.ArgumentParser(usage=USAGE)\nparser.add_subparsers(dest="command")\n',
  },
});
afterAll(() => {
  rmSync(empty, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
  argparseLab.remove();
});

describe('wtlab scenarios', () => {
  it("lists every scenario passing on this machine's git (the run's one wtlab scenarios run: pretty on stdout, JSON in a file)", async () => {
    const run = await sharedScenarioRun();
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/(\d+)\/\1 scenario runs passed/);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`${run.report.results.length}/${run.report.results.length} scenario runs passed`);
  });

  it('prints the pretty step-by-step listing on stdout by default, nothing on stderr', async () => {
    const run = await wtlab(['scenarios', 'same-branch-refused']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/same-branch-refused/);
    expect(run.stdout).toMatch(/\n1\/1 scenario runs passed\n$/);
    expect(run.exitCode).toBe(0);
  });

  it('--output writes the one format to the file: nothing on stdout, progress on stderr', async () => {
    const file = join(out, 'scenarios.json');
    const run = await wtlab(['scenarios', 'same-branch-refused', '--format', 'json', '--output', file]);
    expect({ exitCode: run.exitCode, stdout: run.stdout }).toEqual({ exitCode: 0, stdout: '' });
    expect(run.stderr).toMatch(/\[1\/1\] same-branch-refused on git \d\S*: passed/);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { results: { status: string }[] }).results.map((result) => result.status)).toEqual(['pass']);
  });

  it.each([
    ['an unknown scenario', ['scenarios', 'no-such-scenario'], /^wtlab: unknown scenario no-such-scenario\. Known: lab/],
    ['a lab folder without start/', ['scenarios', '--lab', empty], /^wtlab: lab folder .* has no start\/ snapshot/],
    [
      'a file of a lab given as --lab: not a folder, and the lab that holds it named',
      ['scenarios', '--lab', join(argparseLab.lab, 'start', 'cli.py')],
      /^wtlab: --lab .*start\/cli\.py is a file, not a lab folder\. Pass the lab folder that holds it: --lab .*\n$/,
    ],
    ['a lab folder that does not exist', ['scenarios', '--lab', join(empty, 'nowhere')], /^wtlab: lab folder .*nowhere does not exist\./],
    ['a --git that is not an executable', ['scenarios', '--git', '/nonexistent/git'], /^wtlab: git binary \/nonexistent\/git is not an executable file/],
    ['a --git that is not git', ['scenarios', '--git', '/bin/true'], /^wtlab: \/(usr\/)?bin\/true is not git/],
    ['an unknown option', ['scenarios', '--colour'], /^wtlab: unknown option '--colour'/],
    ['an unknown format', ['scenarios', '--format', 'xml'], /^wtlab: option '--format <format>' argument 'xml' is invalid/],
    [
      'a format with an empty file name',
      ['scenarios', '--format', 'json='],
      /^wtlab: option '--format <format>' argument 'json=' is invalid\. it names no file/,
    ],
    [
      'two formats on standard output',
      ['scenarios', '--format', 'json', '--format', 'markdown'],
      /^wtlab: --format json and --format markdown would all go to standard output and mix\. Give all but one a file: .*\n$/,
    ],
    [
      '--output with two formats',
      ['scenarios', '--format', 'json', '--format', 'junit=x.xml', '--output', 'y.json'],
      /^wtlab: --output names one file but 2 formats were asked for\. Name a file per format instead: .*\n$/,
    ],
    [
      'a lab whose app has no dispatch on the command name',
      ['scenarios', 'lab', '--lab', argparseLab.lab],
      /^wtlab: lab folder .*: the simulated agents cannot add their commands: start\/cli\.py: has no dispatch on the command name .*\n$/,
    ],
  ])('refuses %s with one line and exit 2', async (_label, args, message) => {
    const run = await wtlab(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
