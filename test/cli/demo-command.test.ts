import { describe, expect, it } from 'vitest';
import { wtlab } from '../support/cli.js';

describe('wtlab demo', () => {
  it('plays the lab, then grades the folder it leaves: 100/100 at stage cleaned', async () => {
    const run = await wtlab(['demo']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/passed: (\d+)\/\1 steps/);
    expect(run.stdout).toContain('Stage: cleaned');
    expect(run.stdout).toContain('Score: 100/100');
    expect(run.stdout).not.toMatch(/^\s+[✗!] /m);
    expect(run.exitCode).toBe(0);
  });
});
