import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labAfter, labUntil, MILESTONES } from '../support/lab-variants.js';
import { gatherEvidence } from '../../src/evidence/gather-evidence.js';
import { SNAPSHOT_FILE, type SnapshotFile } from '../../src/evidence/read-snapshot.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { defineScenario } from '../../src/scenario/define-scenario.js';
import { check } from '../../src/scenario/steps.js';
import { openSubmission } from '../../src/submission/open-submission.js';
import { testGit } from '../support/git.js';
import type { BuiltRepo } from '../support/build-repo.js';
import { buildOnShared } from '../support/shared-repos.js';
import { lab } from '../../lab/index.js';
import { REPO } from '../../scenarios/support/names.js';

let built: BuiltRepo;
let report: GradeReport;

/** Records the live worktrees into the snapshot file, as `wtlab snapshot` is to do before cleanup. */
const takeSnapshot = check('record a snapshot of the worktrees before cleanup', async (context) => {
  const opened = await openSubmission(context.path(REPO), { git: context.git });
  try {
    const evidence = await gatherEvidence(opened, { ...lab.evidence, git: context.git });
    const snapshot: SnapshotFile = {
      schemaVersion: 1,
      takenAt: Math.floor(Date.now() / 1000),
      linked: evidence.local?.linked.map(({ source: _source, ...rest }) => rest) ?? [],
      headReflogs: evidence.local?.headReflogs.filter((log) => log.owner !== 'main') ?? [],
    };
    const file = join(opened.gitDir, SNAPSHOT_FILE);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(snapshot));
    return snapshot.linked?.length === 2 ? [] : [`expected two linked worktrees in the snapshot, got ${snapshot.linked?.length}`];
  } finally {
    await opened.close();
  }
});

beforeAll(async () => {
  // The run's shared lab up to the last step before cleanup, copied, then played on from there.
  built = await buildOnShared(
    'checked',
    defineScenario({
      name: 'lab-with-snapshot',
      summary: 'The lab with a snapshot of the worktrees taken before cleanup.',
      steps: [...labUntil(MILESTONES.checked), takeSnapshot, ...labAfter(MILESTONES.checked)],
    }),
  );
  report = await gradeSubmission(built.repo, { git: await testGit(), lab });
});
afterAll(async () => built?.sandbox.remove());

describe('a snapshot taken before cleanup', () => {
  it('lets three-worktrees see the tasks.json of both removed worktrees', () => {
    const criterion = report.criteria.find((candidate) => candidate.id === 'three-worktrees');
    expect(criterion?.checks.map((result) => [result.id, result.status])).toEqual([
      ['linked-worktrees', 'pass'],
      ['same-time', 'pass'],
      ['app-run-in-both', 'pass'],
      ['tasks-json-untracked', 'pass'],
    ]);
    expect(criterion?.checks.find((result) => result.id === 'app-run-in-both')?.evidence).toContain('tasks-app-wipe/tasks.json (snapshot)');
    expect(report).toMatchObject({ score: 100, maxScore: 100, stage: 'cleaned' });
  });

  it("keeps the removed worktrees' HEAD reflogs, so commits are traced to their worktree", () => {
    const evidence = report.criteria
      .find((candidate) => candidate.id === 'parallel-agents')
      ?.checks.find((result) => result.id === 'committed-in-linked-worktrees')?.evidence;
    expect(evidence).toContain('feature/wipe: committed in worktrees/tasks-app-wipe/HEAD');
  });
});
