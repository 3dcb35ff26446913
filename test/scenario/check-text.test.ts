import { describe, expect, it } from 'vitest';
import { checkText, variantApplies } from '../../src/scenario/check-text.js';
import type { LabText } from '../../src/scenario/types.js';

const refusal: LabText = {
  lab: "fatal: 'main' is already checked out at",
  variants: [{ text: "fatal: 'main' is already used by worktree at", since: '2.43' }],
};
const used = "Preparing worktree (checking out 'main')\nfatal: 'main' is already used by worktree at '/w/tasks-app'\n";

describe('version-aware lab texts', () => {
  it.each([
    ['2.42.9', { until: '2.42' }, true],
    ['2.43.0', { until: '2.42' }, false],
    ['2.43.0', { since: '2.43' }, true],
    ['2.39.5', { since: '2.43' }, false],
    ['2.33.8', { since: '2.31', until: '2.33' }, true],
  ] as const)('git %s is within %j: %s', (version, range, expected) => {
    expect(variantApplies({ text: 'x', ...range }, version)).toBe(expected);
  });

  it('passes the lab text as it is, with no finding', () => {
    expect(checkText('stderr', "fatal: 'main' is already checked out at '/w'\n", refusal, { step: 's', gitVersion: '2.39.5' })).toEqual({
      failures: [],
      drift: [],
    });
  });

  it('makes a known variant a finding on the versions it belongs to', () => {
    const verdict = checkText('stderr', used, refusal, { step: 's', gitVersion: '2.47.3' });
    expect(verdict.failures).toEqual([]);
    expect(verdict.drift).toEqual([
      {
        step: 's',
        stream: 'stderr',
        gitVersion: '2.47.3',
        expected: refusal.lab,
        actual: "fatal: 'main' is already used by worktree at '/w/tasks-app'",
        kind: 'wording',
      },
    ]);
  });

  it('fails a known variant seen on a version outside its range', () => {
    const verdict = checkText('stderr', used, refusal, { step: 's', gitVersion: '2.39.5' });
    expect(verdict.drift).toEqual([]);
    expect(verdict.failures).toEqual([expect.stringContaining('a wording known only from git 2.43 and later, on git 2.39.5')]);
  });

  it('makes the lab text on the other stream a stream finding where allowed, and a failure elsewhere', () => {
    const preparing: LabText = { lab: "Preparing worktree (new branch 'side')", otherStream: { until: '2.34' } };
    const other = { stream: 'stdout' as const, text: "Preparing worktree (new branch 'side')\nHEAD is now at 1234567 x\n" };
    const old = checkText('stderr', '', preparing, { step: 's', gitVersion: '2.30.2', other });
    expect(old.drift).toEqual([
      expect.objectContaining({
        kind: 'stream',
        expected: "on stderr: Preparing worktree (new branch 'side')",
        actual: "on stdout: Preparing worktree (new branch 'side')",
      }),
    ]);
    const recent = checkText('stderr', '', preparing, { step: 's', gitVersion: '2.39.5', other });
    expect(recent.failures).toEqual([expect.stringContaining('printed it on stdout')]);
  });
});
