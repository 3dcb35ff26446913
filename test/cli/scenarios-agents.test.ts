import { describe, expect, it } from 'vitest';
import { wtlab } from '../support/cli.js';

describe('wtlab scenarios agents --agents N', () => {
  it('runs the agents scenario with N worktrees', async () => {
    const run = await wtlab(['scenarios', 'agents', '--agents', '3']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('add 3 worktrees at the same time');
    expect(run.stdout).toContain('3 agents commit 5 times each, at the same time');
    expect(run.exitCode).toBe(0);
  });

  it.each([['0'], ['-2'], ['many']])('refuses --agents %s with exit 2', async (value) => {
    const run = await wtlab(['scenarios', 'agents', '--agents', value]);
    expect(run.stderr).toMatch(/^wtlab: option '--agents <n>' argument '.*' is invalid\. it must be a whole number of at least 1\./);
    expect(run.exitCode).toBe(2);
  });
});

describe('wtlab scenarios lab --agents N', () => {
  it('says --agents needs the agents scenario, with exit 2', async () => {
    const run = await wtlab(['scenarios', 'lab', '--agents', '4']);
    expect(run.stderr).toBe('wtlab: --agents sets the size of the agents scenario, which this run does not include. Run: wtlab scenarios agents --agents 4\n');
    expect(run.exitCode).toBe(2);
  });
});
