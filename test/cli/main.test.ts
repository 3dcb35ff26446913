import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lab } from '../../lab/index.js';
import { buildProgram } from '../../src/cli/main.js';
import { packageRoot } from '../../src/paths/package-root.js';
import { wtlab } from '../support/cli.js';

const version = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;

describe('wtlab', () => {
  it('alone prints its usage on stderr and a line naming what to run, exit 2 (a usage mistake; --help is exit 0)', async () => {
    const run = await wtlab([]);
    expect({ exitCode: run.exitCode, stdout: run.stdout }).toEqual({ exitCode: 2, stdout: '' });
    expect(run.stderr).toMatch(
      /^Usage: wtlab \[options\] \[command\]\n[\s\S]*\n {2}grade \[options\][\s\S]*\nwtlab: no command given\. Name one, e\.g\. wtlab grade \(wtlab --help lists them\)\n$/,
    );
    const help = await wtlab(['--help']);
    expect({ exitCode: help.exitCode, stderr: help.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: wtlab/);
  });

  it('--version prints the package version and loads no subcommand', async () => {
    const run = await wtlab(['--version']);
    expect([run.exitCode, run.stdout.trim()]).toEqual([0, version]);
    expect((await buildProgram(['node', 'wtlab', '--version'], { loadLab: async () => lab })).commands).toHaveLength(0);
  });

  it('loads only the subcommand it runs, and every one for help', async () => {
    expect((await buildProgram(['node', 'wtlab', 'grade'], { loadLab: async () => lab })).commands.map((command) => command.name())).toEqual(['grade']);
    expect((await buildProgram(['node', 'wtlab', '--help'], { loadLab: async () => lab })).commands.map((command) => command.name()).sort()).toEqual([
      'demo',
      'git',
      'grade',
      'quiz',
      'scenarios',
      'snapshot',
    ]);
  });

  it.each([
    ['an unknown option', ['grade', '--bogus'], "wtlab: unknown option '--bogus' (run wtlab grade --help for usage)\n"],
    ['a misspelt option', ['grade', '--jbos', '2'], "wtlab: unknown option '--jbos' (Did you mean --jobs?) (run wtlab grade --help for usage)\n"],
    ['a missing option value', ['scenarios', '--lab'], "wtlab: option '--lab <dir>' argument missing (run wtlab scenarios --help for usage)\n"],
    ['an unknown command', ['grdae'], "wtlab: unknown command 'grdae' (Did you mean grade?) (run wtlab --help for usage)\n"],
  ])('refuses %s on the command line with one line naming the help to read, and exit 2', async (_label, args, line) => {
    const run = await wtlab(args);
    expect({ exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr }).toEqual({ exitCode: 2, stdout: '', stderr: line });
  });
});
