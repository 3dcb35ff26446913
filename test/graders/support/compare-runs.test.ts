import { describe, expect, it } from 'vitest';
import { sameBehaviour } from '../../../graders/support/compare-runs.js';
import type { AppCommandRun } from '../../../src/evidence/types.js';

function run(stderr: string, exitCode = 1): AppCommandRun {
  return { name: 'done', args: ['done', '3'], exitCode, stdout: '', stderr, timedOut: false };
}

const USAGE = 'Usage:\n    python3 cli.py add <title>\n    python3 cli.py done <index>\n';

describe('sameBehaviour', () => {
  it('takes an old command that prints the usage as unchanged when the usage only names the new commands too', () => {
    expect(sameBehaviour(run(USAGE), run(USAGE.replace('done <index>', 'done <index> | remaining | wipe')))).toBe(true);
  });

  it("takes argparse's lists of subparsers as unchanged when they only name the new commands too", () => {
    const argparse = (names: string) =>
      `usage: cli.py [-h] {add,list,done,delete${names.replace(/'/g, '').replace(/, /g, ',')}} ...\ncli.py: error: argument command: invalid choice: 'count' (choose from 'add', 'list', 'done', 'delete'${names})\n`;
    expect(sameBehaviour(run(argparse('')), run(argparse(", 'wipe', 'remaining'")))).toBe(true);
    expect(sameBehaviour(run(argparse('')), run(argparse(", 'wipe', 'purge'")))).toBe(false);
  });

  it('still sees any other change of that usage, and a changed exit code', () => {
    expect(sameBehaviour(run(USAGE), run(USAGE.replace('done <index>', 'done <number> | wipe')))).toBe(false);
    expect(sameBehaviour(run(USAGE), run(USAGE.replace('add <title>\n', '')))).toBe(false);
    expect(sameBehaviour(run(USAGE), run(USAGE, 2))).toBe(false);
  });
});
