import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherEvidence } from '../../src/evidence/gather-evidence.js';
import type { Evidence } from '../../src/evidence/types.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { spawnCount, spawnCountsByProgram } from '../../src/process/run-process.js';
import { gradeEvidence } from '../../src/grade/grade-submission.js';
import { openSubmission } from '../../src/submission/open-submission.js';
import { testGit } from '../support/git.js';
import type { BuiltRepo } from '../support/build-repo.js';
import { copyBuilt } from '../support/copy-built.js';
import { sharedRepo } from '../support/shared-repos.js';
import { lab as worktreeLab } from '../../lab/index.js';

let built: BuiltRepo;
/** The lab's evidence options, reading every branch's history. */
const { historyBranches: _lab, ...everyBranch } = worktreeLab.evidence;

/** Git processes started so far (the app's Python driver is started once per process and kept, so it is counted apart). */
const gitSpawns = () => spawnCountsByProgram().get('git') ?? 0;

async function gather(historyBranches?: readonly string[]): Promise<{ evidence: Evidence; processes: number; git: number }> {
  const git = await testGit();
  const opened = await openSubmission(built.repo, { git });
  try {
    const before = spawnCount();
    const gitBefore = gitSpawns();
    // Every gather runs the app (no runs kept from an earlier one): the counts are those of a first grade.
    const evidence = await gatherEvidence(opened, { ...everyBranch, git, appRuns: false, ...(historyBranches ? { historyBranches } : {}) });
    return { evidence, processes: spawnCount() - before, git: gitSpawns() - gitBefore };
  } finally {
    await opened.close();
  }
}

beforeAll(async () => {
  // A copy: later tests add commits and branches to it.
  built = await copyBuilt(await sharedRepo('committed'));
});
afterAll(async () => built?.sandbox.remove());

describe('evidence of a live folder with both features committed in their worktrees', () => {
  it('records both linked worktrees, their tasks.json and a clean status', async () => {
    const { evidence } = await gather();
    const local = evidence.local!;
    expect(local.worktrees.map((record) => [record.id, record.branch, record.prunable, record.locked])).toEqual([
      ['tasks-app-remaining', 'feature/remaining', false, false],
      ['tasks-app-wipe', 'feature/wipe', false, false],
    ]);
    expect(local.linked.map((seen) => [seen.branch, seen.tasksJson, seen.uncommitted])).toEqual([
      ['feature/remaining', 'ignored', []],
      ['feature/wipe', 'ignored', []],
    ]);
    expect(local.siblings.map((sibling) => [sibling.name, sibling.registered])).toEqual([
      ['tasks-app-remaining', true],
      ['tasks-app-wipe', true],
    ]);
    expect(local.mergeHead).toBeUndefined();
  });

  it('reads each HEAD and branch reflog with messages and times', async () => {
    const { evidence } = await gather();
    const local = evidence.local!;
    const main = local.headReflogs.find((log) => log.owner === 'main');
    expect(main?.entries.map((entry) => entry.message)).toContain('commit: Add wipe command (demo)');
    const wipeHead = local.headReflogs.find((log) => log.owner === 'tasks-app-wipe');
    expect(wipeHead?.entries.at(-1)).toMatchObject({ action: 'commit', message: 'commit: Add wipe command' });
    const wipeBranch = local.branchReflogs.find((log) => log.owner === 'feature/wipe');
    expect(wipeBranch?.entries[0]).toMatchObject({ action: 'branch', message: 'branch: Created from HEAD' });
    expect(wipeBranch?.entries[0]?.time).toBeLessThan(wipeBranch?.entries[1]?.time ?? 0);
  });

  it('reads commits with their changed files and added lines, and the app on main in an export', async () => {
    const { evidence } = await gather();
    const wipe = evidence.commits.find((commit) => commit.subject === 'Add wipe command');
    expect(wipe?.files.map((file) => file.path).sort()).toEqual(['cli.py', 'tasks.py']);
    expect(wipe?.added).toContain('        elif command == "wipe":');
    expect(evidence.files.find((entry) => entry.ref === 'feature/remaining')?.files['cli.py']).toContain('"remaining"');
    expect(evidence.app.ran).toBe(true);
    expect(evidence.app.runs.find((run) => run.name === 'count-fresh')?.stdout).toBe('3 tasks\n');
    expect(evidence.app.runs.find((run) => run.name === 'wipe')?.exitCode).toBe(2);
    // Nothing merged yet: the start is main's tip, and its runs are main's.
    const root = evidence.commits.find((commit) => commit.parents.length === 0)?.hash;
    expect(evidence.start?.commit).toBe(root);
    expect(evidence.start?.app).toEqual(evidence.app);
    expect(evidence.start?.probe.runs.map((run) => run.name)).toEqual(['usage']);
    expect(JSON.parse(JSON.stringify(evidence))).toEqual(evidence);
  });

  it('starts the same number of processes with more branches and commits: none per branch or per commit', async () => {
    const first = await gather();
    const git = await testGit();
    const env = sealedEnv({ git, home: built.sandbox.home, date: '2026-02-01T00:00:00Z' });
    for (let i = 0; i < 5; i += 1) {
      await runGit(git, ['commit', '--allow-empty', '-qm', `extra ${i}`], { cwd: built.repo, env });
      await runGit(git, ['branch', `extra-${i}`], { cwd: built.repo, env });
    }
    const second = await gather();
    expect(second.evidence.branches.length).toBe(first.evidence.branches.length + 5);
    expect(second.evidence.commits.length).toBe(first.evidence.commits.length + 5);
    expect(second.git).toBe(first.git);
    // The budget (README: what a grade starts): one read-tree per commit run (the probe's export is a copy), one ls-tree for the export-size check.
    expect(first.git).toBeLessThanOrEqual(14);
    // Besides git, at most the one Python driver, started by whichever grade of this process needs it first.
    expect([first.processes - first.git, second.processes - second.git].every((python) => python <= 1)).toBe(true);
  });

  it('reads the history of the named branches only: another branch is listed, its own commits are not walked', async () => {
    const git = await testGit();
    const env = sealedEnv({ git, home: built.sandbox.home, date: '2026-03-01T00:00:00Z' });
    // A side branch with a commit of its own that holds tasks.json, made without touching the folder.
    const blob = (await runGit(git, ['hash-object', '-w', '--stdin'], { cwd: built.repo, env, input: '[]\n' })).stdout.trim();
    const index = join(built.sandbox.base, 'side-index');
    const indexEnv = { ...env, GIT_INDEX_FILE: index };
    await runGit(git, ['read-tree', 'main'], { cwd: built.repo, env: indexEnv });
    await runGit(git, ['update-index', '--add', '--cacheinfo', `100644,${blob},tasks.json`], { cwd: built.repo, env: indexEnv });
    const tree = (await runGit(git, ['write-tree'], { cwd: built.repo, env: indexEnv })).stdout.trim();
    const side = (await runGit(git, ['commit-tree', tree, '-p', 'main', '-m', 'side work'], { cwd: built.repo, env })).stdout.trim();
    await runGit(git, ['branch', 'side', side], { cwd: built.repo, env });
    const lab = await gather(['main', 'master', 'feature/wipe', 'feature/remaining']);
    expect(lab.evidence.branches.map((branch) => branch.name)).toContain('side');
    expect(lab.evidence.commits.map((commit) => commit.hash)).not.toContain(side);
    expect(lab.evidence.commits.some((commit) => commit.subject === 'Add remaining command')).toBe(true);
    expect(lab.evidence.files.map((entry) => entry.ref)).not.toContain('side');
    expect(lab.evidence.graph).not.toMatch(/side work/);
    expect(
      gradeEvidence(lab.evidence, worktreeLab)
        .criteria.find((criterion) => criterion.id === 'parallel-agents')
        ?.checks.find((check) => check.id === 'no-runtime-state')?.status,
    ).toBe('pass');
    const all = await gather();
    expect(all.evidence.commits.find((commit) => commit.hash === side)?.files).toEqual([{ status: 'A', path: 'tasks.json' }]);
    expect(all.evidence.graph).toMatch(/side work/);
    expect(all.git).toBe(lab.git);
  });
});
