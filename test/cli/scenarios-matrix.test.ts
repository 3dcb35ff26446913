import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wtlab } from '../support/cli.js';
import { sharedScenarioRun } from '../support/shared-scenario-run.js';
import { isCached } from '../support/cached-git.js';

const emptyCache = mkdtempSync(join(tmpdir(), 'wtlab-cache-'));
afterAll(() => rmSync(emptyCache, { recursive: true, force: true }));

describe('wtlab scenarios on several git versions', () => {
  it.each([
    [
      'a version that is not cached',
      ['scenarios', '--git-versions', '2.30.2'],
      /^wtlab: git 2\.30\.2 is not in the cache \(.*\)\. Run: wtlab git install 2\.30\.2\n$/,
    ],
    [
      'a list that is not versions',
      ['scenarios', '--git-versions', '2.30.2,latest'],
      /^wtlab: --git-versions wants versions such as 2\.30\.2,2\.39\.5, not "latest"\. Run: wtlab git list\n$/,
    ],
    ['a jobs count of zero', ['scenarios', '--jobs', '0'], /^wtlab: option '--jobs <n>' argument '0' is invalid/],
  ])('refuses %s with one line and exit 2', async (_label, args, message) => {
    const run = await wtlab(args, { env: { WTLAB_CACHE: emptyCache } });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('prints the markdown matrix on stdout and progress on stderr', async () => {
    const run = await wtlab(['scenarios', 'same-branch-refused', 'deleted-folder-prune', '--format', 'markdown']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^## wtlab scenarios: git version matrix/);
    expect(run.stdout).toMatch(/\| deleted-folder-prune \| (✅ pass|⚠️ drift) \|/);
    expect(run.stderr).toMatch(/\[2\/2\] \S+ on git \d/);
  });

  it('compares our module text, fixtures/README.md, with what every scenario printed', async () => {
    const run = await sharedScenarioRun();
    expect(run.exitCode).toBe(0);
    const parsed = run.report;
    expect(parsed.moduleText.file).toMatch(/fixtures\/README\.md$/);
    expect(parsed.moduleText.compared).toBeGreaterThanOrEqual(15);
    // The text was written from git 2.39.5's output; another git may word some lines differently.
    if (parsed.versions[0]?.version === '2.39.5') expect(parsed.moduleText.findings).toEqual([]);
  });

  it.skipIf(!isCached('2.30.2'))('runs a matrix of the machine git and a cached version', async () => {
    const run = await wtlab(['scenarios', 'same-branch-refused', '--git', 'git', '--git-versions', '2.30.2', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    const parsed = JSON.parse(run.stdout) as { versions: { version: string }[]; results: { status: string }[] };
    expect(parsed.versions.map((entry) => entry.version)).toContain('2.30.2');
    expect(parsed.results.length).toBe(parsed.versions.length);
  });
});
