import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeInWorkers, workerEntry } from '../../src/batch/grade-in-workers.js';
import { packageRoot } from '../../src/paths/package-root.js';
import { testGit } from '../support/git.js';
import { processesWith } from '../support/processes.js';

const CRASHING = join(packageRoot(), 'test', 'support', 'crashing-worker.mjs');

describe('the grading worker pool', () => {
  it('forks the compiled worker from dist when running from the TypeScript sources', () => {
    expect(workerEntry()).toBe(join(packageRoot(), 'dist', 'lab', 'grade-worker.js'));
  });

  it('a worker that dies fails only the submission it held; a new worker grades the rest, in order', async () => {
    const sources = ['a', 'crash-b', 'c', 'd', 'crash-e', 'f', 'g'];
    const done: string[] = [];
    const results = await gradeInWorkers(sources, { git: await testGit(), jobs: 2, entry: CRASHING, onDone: (result) => done.push(result.source) });
    expect(results.map((result) => result.source)).toEqual(sources);
    expect(done.sort()).toEqual([...sources].sort());
    for (const name of ['crash-b', 'crash-e']) {
      expect(results.find((result) => result.source === name)?.error).toMatch(
        new RegExp(`^the grading worker stopped \\(exit 3\\) while grading it: worker \\d+ gives up on ${name}$`),
      );
    }
    const graded = results.filter((result) => !result.source.startsWith('crash-'));
    for (const result of graded) expect(result.error).toMatch(/^pid \d+$/);
    // Two workers, plus one replacement per crash at most.
    expect(new Set(graded.map((result) => result.error)).size).toBeLessThanOrEqual(4);
  });

  it("a worker's last words are read to the end of its stderr, even when they come after its exit", async () => {
    const sources = ['a', 'crash-late-b', 'c'];
    const results = await gradeInWorkers(sources, { git: await testGit(), jobs: 1, entry: CRASHING });
    expect(results.map((result) => result.source)).toEqual(sources);
    expect(results[1]?.error).toMatch(/^the grading worker stopped \(exit 3\) while grading it: worker \d+ gives up on crash-late-b$/);
    for (const index of [0, 2]) expect(results[index]?.error).toMatch(/^pid \d+$/);
  });

  it('a submission that takes too long is stopped with its worker and everything that worker started; the batch ends', async () => {
    const marker = `hang-${process.pid}-${Date.now()}`;
    const sources = ['a', marker, 'c', 'd'];
    const results = await gradeInWorkers(sources, { git: await testGit(), jobs: 2, entry: CRASHING, secondsPerSubmission: 2 });
    expect(results.map((result) => result.source)).toEqual(sources);
    expect(results[1]?.error).toBe('grading it took longer than 2 s, so its worker was stopped (raise the limit with --submission-timeout)');
    for (const index of [0, 2, 3]) expect(results[index]?.error).toMatch(/^pid \d+$/);
    // The sleep the hung worker started (its argv holds the marker) went with it.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(processesWith(marker)).toEqual([]);
  });

  it('uses no more workers than asked for, and none for an empty batch', async () => {
    const git = await testGit();
    expect(await gradeInWorkers([], { git, jobs: 2, entry: CRASHING })).toEqual([]);
    const one = await gradeInWorkers(['a', 'b', 'c', 'd'], { git, jobs: 1, entry: CRASHING });
    expect(new Set(one.map((result) => result.error)).size).toBe(1);
  });
});
