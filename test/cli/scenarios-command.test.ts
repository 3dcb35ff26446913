import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wtlab } from '../support/cli.js';
import { copyLab } from '../support/lab-copy.js';

const empty = mkdtempSync(join(tmpdir(), 'wtlab-nolab-'));
/** A lab whose cli.py runs commands through argparse subparsers: no dispatch the agents know. */
const argparseLab = copyLab({
  files: {
    'start/cli.py':
      'import argparse\n\nUSAGE = "usage: cli.py add <title> | list | done <index>"\nparser = argparse.ArgumentParser(usage=USAGE)\nparser.add_subparsers(dest="command")\n',
  },
});
afterAll(() => {
  rmSync(empty, { recursive: true, force: true });
  argparseLab.remove();
});

describe('wtlab scenarios', () => {
  it("lists every scenario passing on this machine's git", async () => {
    const run = await wtlab(['scenarios']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/(\d+)\/\1 scenario runs passed/);
    expect(run.exitCode).toBe(0);
  });

  it.each([
    ['an unknown scenario', ['scenarios', 'no-such-scenario'], /^wtlab: unknown scenario no-such-scenario\. Known: lab/],
    ['a lab folder without start/', ['scenarios', '--lab', empty], /^wtlab: lab folder .* has no start\/ snapshot/],
    ['a --git that is not an executable', ['scenarios', '--git', '/nonexistent/git'], /^wtlab: git binary \/nonexistent\/git is not an executable file/],
    ['a --git that is not git', ['scenarios', '--git', '/bin/true'], /^wtlab: \/(usr\/)?bin\/true is not git/],
    ['an unknown option', ['scenarios', '--colour'], /^error: unknown option '--colour'/],
    ['an unknown format', ['scenarios', '--format', 'xml'], /^error: option '--format <format>' argument 'xml' is invalid/],
    [
      'a lab whose app has no dispatch on the command name',
      ['scenarios', 'lab', '--lab', argparseLab.lab],
      /^wtlab: lab folder .*: the simulated agents cannot add their commands: start\/cli\.py: has no dispatch on the command name .*\n$/,
    ],
  ])('refuses %s with one line and exit 2', async (_label, args, message) => {
    const run = await wtlab(args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
