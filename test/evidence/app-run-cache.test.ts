import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppRunCache, isKeepable, type AppRunKey } from '../../src/evidence/app-run-cache.js';
import { gatherEvidence, type GatherOptions } from '../../src/evidence/gather-evidence.js';
import type { AppBehaviour, Evidence } from '../../src/evidence/types.js';
import { openSubmission } from '../../src/submission/open-submission.js';
import { lab } from '../../lab/index.js';
import { RECORD_FILE } from '../../src/record/record-file.js';
import { makeKit, removeCorpusFolders } from '../support/corpus.js';

afterAll(removeCorpusFolders);

const KEY: AppRunKey = { tree: 'a'.repeat(40), plan: [['usage', []]], secondsPerCommand: 5, path: '/usr/bin:/bin', sandboxMode: 'auto' };

function ran(stdout: string, options: { readonly timedOut?: boolean; readonly environmentProblem?: string } = {}): AppBehaviour {
  return {
    ran: true,
    runs: [{ name: 'usage', args: [], exitCode: 0, stdout, stderr: '', timedOut: options.timedOut ?? false }],
    ...(options.environmentProblem !== undefined ? { environmentProblem: options.environmentProblem } : {}),
  };
}

describe('the app-run cache', () => {
  it('gives a finished run back for the same key only: another tree, plan, timeout, PATH or sandbox mode misses', () => {
    const cache = createAppRunCache();
    cache.set(KEY, ran('usage: cli.py\n'));
    expect(cache.get({ ...KEY })?.runs[0]?.stdout).toBe('usage: cli.py\n');
    for (const other of [{ tree: 'b'.repeat(40) }, { plan: [['usage', ['--help']]] }, { secondsPerCommand: 6 }, { path: '/bin' }, { sandboxMode: 'none' }])
      expect(cache.get({ ...KEY, ...other }), JSON.stringify(other)).toBeUndefined();
  });

  it('keeps no run that timed out, met an environment problem or did not run: they are made again', () => {
    const cache = createAppRunCache();
    const unkept: AppBehaviour[] = [
      ran('', { timedOut: true }),
      ran('', { environmentProblem: 'python3 is not on PATH' }),
      { ran: false, reason: 'main has no cli.py', runs: [] },
    ];
    for (const behaviour of unkept) {
      expect(isKeepable(behaviour)).toBe(false);
      cache.set(KEY, behaviour);
      expect(cache.get(KEY)).toBeUndefined();
    }
  });

  it('drops the least recently used runs past its size, and never keeps a run larger than all of it', () => {
    const cache = createAppRunCache({ maxChars: 1200 });
    const keys = [0, 1, 2].map((index) => ({ ...KEY, tree: String(index).repeat(40) }));
    for (const key of keys) cache.set(key, ran('x'.repeat(400)));
    expect(keys.map((key) => cache.get(key) !== undefined)).toEqual([false, true, true]);
    cache.set({ ...KEY, tree: 'f'.repeat(40) }, ran('x'.repeat(2000)));
    expect(cache.get({ ...KEY, tree: 'f'.repeat(40) })).toBeUndefined();
  });
});

/** A start whose app prints a fresh random number for every command: two real runs never print the same. */
const NOISY_APP = 'import os, sys\nprint(sys.argv[1:], os.urandom(8).hex())\n';

describe('grades of one tree with the real app', () => {
  async function gather(repo: string, options: Pick<GatherOptions, 'appRuns'>): Promise<Evidence> {
    const kit = await makeKit('app-run-cache-gather');
    const opened = await openSubmission(repo, { git: kit.git });
    try {
      return await gatherEvidence(opened, { ...lab.evidence, git: kit.git, ...options });
    } finally {
      await opened.close();
    }
  }

  const outputs = (evidence: Evidence) => evidence.app.runs.map((run) => run.stdout);

  it('runs a tree once per cache: a second grade, and a new commit with the same tree, print what the first run did', async () => {
    const kit = await makeKit('app-run-cache');
    const repo = await kit.startRepo('tasks-app', { files: { 'cli.py': NOISY_APP } });
    const cache = createAppRunCache();
    const first = await gather(repo, { appRuns: cache });
    expect(first.app.ran).toBe(true);
    expect(outputs(first).length).toBeGreaterThan(1);
    expect(new Set(outputs(first)).size).toBe(outputs(first).length);
    expect(outputs(await gather(repo, { appRuns: cache }))).toEqual(outputs(first));
    // An empty commit on main: a new tip (and start, nothing being merged yet) with the same tree, so no new run.
    await kit.gitIn(repo, ['commit', '-q', '--allow-empty', '-m', 'nothing changed']);
    const sameTree = await gather(repo, { appRuns: cache });
    expect(outputs(sameTree)).toEqual(outputs(first));
    expect(sameTree.start?.app.runs.map((run) => run.stdout)).toEqual(outputs(first));
  });

  it('runs again for a changed tree, and every time without a cache', async () => {
    const kit = await makeKit('app-run-cache-changed');
    const repo = await kit.startRepo('tasks-app', { files: { 'cli.py': NOISY_APP } });
    const cache = createAppRunCache();
    const first = await gather(repo, { appRuns: cache });
    writeFileSync(join(repo, 'notes.txt'), 'a file the app never reads\n');
    await kit.gitIn(repo, ['add', 'notes.txt']);
    await kit.gitIn(repo, ['commit', '-q', '-m', 'notes']);
    const changed = await gather(repo, { appRuns: cache });
    expect(outputs(changed)).not.toEqual(outputs(first));
    const uncached = await gather(repo, { appRuns: false });
    expect(outputs(uncached)).not.toEqual(outputs(changed));
  });
});

describe("a record committed on main (wtlab's, not the app's)", () => {
  /** Prints a fresh random number, and whether the record is in the folder the app runs in. */
  const SEES_RECORD = `import os, sys\nprint(sys.argv[1:], os.path.exists(${JSON.stringify(RECORD_FILE)}), os.urandom(8).hex())\n`;

  it('is taken out of the export the app runs in, so main with and without it runs once per cache', async () => {
    const kit = await makeKit('app-run-cache-record');
    const repo = await kit.startRepo('tasks-app', { files: { 'cli.py': SEES_RECORD } });
    const cache = createAppRunCache();
    const gather = async () => {
      const opened = await openSubmission(repo, { git: kit.git });
      try {
        return await gatherEvidence(opened, { ...lab.evidence, git: kit.git, appRuns: cache });
      } finally {
        await opened.close();
      }
    };
    const before = await gather();
    expect(before.app.runs.length).toBeGreaterThan(1);
    writeFileSync(join(repo, RECORD_FILE), '{}\n');
    await kit.gitIn(repo, ['add', RECORD_FILE]);
    await kit.gitIn(repo, ['commit', '-q', '-m', 'Record the worktrees']);
    const after = await gather();
    expect(after.mainTracked).toContain(RECORD_FILE);
    expect(after.app.runs.map((run) => run.stdout)).toEqual(before.app.runs.map((run) => run.stdout));
    // Without a cache the run is made again, on an export without the record.
    const opened = await openSubmission(repo, { git: kit.git });
    try {
      const fresh = await gatherEvidence(opened, { ...lab.evidence, git: kit.git, appRuns: false });
      expect(fresh.app.runs.map((run) => run.stdout)).not.toEqual(before.app.runs.map((run) => run.stdout));
      const printed = fresh.app.runs.map((run) => run.stdout).join('');
      expect(printed).toContain(' False ');
      expect(printed).not.toContain(' True ');
    } finally {
      await opened.close();
    }
  });
});
