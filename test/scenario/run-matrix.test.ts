import { describe, expect, it } from 'vitest';
import conflictAtMerge from '../../scenarios/conflict-at-merge.js';
import deletedFolderPrune from '../../scenarios/deleted-folder-prune.js';
import mainMoved from '../../scenarios/main-moved.js';
import sameBranchRefused from '../../scenarios/same-branch-refused.js';
import { compareVersions, type GitBinary } from '../../src/git/git-binary.js';
import { resolveCachedGits } from '../../src/git-versions/resolve-cached.js';
import { runMatrix, type MatrixResult } from '../../src/scenario/run-matrix.js';
import { runPool } from '../../src/scenario/run-pool.js';
import type { DriftFinding } from '../../src/scenario/types.js';
import { isCached } from '../support/cached-git.js';
import { testGit, testLab } from '../support/git.js';

const MATRIX_VERSIONS = ['2.30.2', '2.39.5', '2.47.3', '2.55.0'];

/** The machine's git plus every matrix version that is cached, one per version. */
async function availableGits(): Promise<GitBinary[]> {
  const cached = await resolveCachedGits(MATRIX_VERSIONS.filter(isCached));
  const all = [await testGit(), ...cached];
  return all.filter((git, index) => all.findIndex((other) => other.version === git.version) === index);
}

let shared: Promise<MatrixResult> | undefined;
function matrix(): Promise<MatrixResult> {
  shared ??= availableGits().then((gits) =>
    runMatrix({ scenarios: [sameBranchRefused, deletedFolderPrune, mainMoved, conflictAtMerge], gits, lab: testLab(), compareModuleText: false }),
  );
  return shared;
}

function findingsOn(result: MatrixResult, scenario: string, version: string): DriftFinding[] {
  return result.results.find((run) => run.scenario === scenario && run.git.version === version)?.steps.flatMap((step) => step.drift) ?? [];
}

describe('the version matrix', () => {
  it('runs tasks in order with at most the given number at once', async () => {
    let running = 0;
    let most = 0;
    const tasks = [5, 1, 3, 2, 4].map((value) => async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return value * 10;
    });
    expect(await runPool(tasks, 2)).toEqual([50, 10, 30, 20, 40]);
    expect(most).toBe(2);
  });

  it('runs every scenario on every available version, all behaviour passing', async () => {
    const result = await matrix();
    expect(result.results.length).toBe(result.scenarios.length * result.versions.length);
    const failed = result.results.filter((run) => run.status === 'fail').map((run) => `${run.scenario} on ${run.git.version}`);
    expect(failed).toEqual([]);
  });

  it('reports the "is already used by worktree at" wording as drift on 2.43 and later only', async () => {
    const result = await matrix();
    for (const { version } of result.versions) {
      const drift = findingsOn(result, 'same-branch-refused', version).filter((finding) => finding.kind === 'wording');
      if (compareVersions(version, '2.43') >= 0)
        expect(drift.map((finding) => finding.actual)).toEqual([
          expect.stringContaining('is already used by worktree at'),
          expect.stringContaining('is already used by worktree at'),
        ]);
      else expect(drift).toEqual([]);
    }
  });

  it('reports the prunable mark missing before 2.31 only', async () => {
    const result = await matrix();
    for (const { version } of result.versions) {
      const behaviour = findingsOn(result, 'deleted-folder-prune', version).filter((finding) => finding.kind === 'behaviour');
      expect(behaviour.length).toBe(compareVersions(version, '2.31') < 0 ? 1 : 0);
    }
  });

  it.skipIf(!isCached('2.55.0'))('reports "not a git repository: (null)" as a behaviour finding on 2.55.0', async () => {
    const result = await matrix();
    const behaviour = findingsOn(result, 'main-moved', '2.55.0').filter((finding) => finding.kind === 'behaviour');
    expect(behaviour.map((finding) => finding.actual)).toEqual(['fatal: not a git repository: (null)', 'fatal: not a git repository: (null)']);
    for (const version of ['2.30.2', '2.39.5', '2.47.3'].filter((candidate) => result.versions.some((entry) => entry.version === candidate))) {
      expect(findingsOn(result, 'main-moved', version)).toEqual([]);
    }
  });

  it.skipIf(!isCached('2.30.2'))('reports the recursive merge strategy and the stdout Preparing line on 2.30.2', async () => {
    const result = await matrix();
    expect(findingsOn(result, 'conflict-at-merge', '2.30.2').map((finding) => finding.actual)).toEqual([
      "Merge made by the 'recursive' strategy.",
      "merge feature/wipe: Merge made by the 'recursive' strategy.",
    ]);
    expect(findingsOn(result, 'same-branch-refused', '2.30.2')).toEqual([
      expect.objectContaining({ kind: 'stream', actual: "on stdout: Preparing worktree (new branch 'side')" }),
    ]);
  });
});
