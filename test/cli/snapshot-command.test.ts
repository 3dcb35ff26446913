import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labAfter, labUntil, MILESTONES } from '../support/lab-variants.js';
import type { SnapshotFile } from '../../src/evidence/read-snapshot.js';
import type { CriterionResult, GradeReport } from '../../src/grade/report-types.js';
import { defineScenario } from '../../src/scenario/define-scenario.js';
import { check, git } from '../../src/scenario/steps.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { wtlab, type CliRun } from '../support/cli.js';
import { testGit } from '../support/git.js';
import type { BuiltRepo } from '../support/build-repo.js';
import { buildOnShared } from '../support/shared-repos.js';
import { REPO } from '../../scenarios/support/names.js';

const BEFORE_CLEANUP = MILESTONES.checked;
const EVIDENCE = join('.git', 'wtlab', 'evidence.json');
let built: BuiltRepo;
let snapshotRun: CliRun | undefined;

/** The learner runs the real `wtlab snapshot` in tasks-app while both linked worktrees still exist. */
const takeSnapshot = check('wtlab snapshot before cleanup', async (context) => {
  snapshotRun = await wtlab(['snapshot', '--git', context.git.path], { cwd: context.path(REPO) });
  return snapshotRun.exitCode === 0 ? [] : [`wtlab snapshot exited ${snapshotRun.exitCode}: ${snapshotRun.stderr}`];
});

beforeAll(async () => {
  // The run's shared lab up to the last step before cleanup, copied, then played on from there.
  built = await buildOnShared(
    'checked',
    defineScenario({
      name: 'lab-snapshot-then-tidy',
      summary: 'The lab with wtlab snapshot before cleanup, and the merged feature branches deleted at the end.',
      steps: [
        ...labUntil(BEFORE_CLEANUP),
        takeSnapshot,
        ...labAfter(BEFORE_CLEANUP),
        git('delete the merged feature branches', REPO, ['branch', '-d', 'feature/wipe', 'feature/remaining']),
      ],
    }),
  );
}, 300_000);
afterAll(async () => built?.sandbox.remove());

/** A copy of the finished repo in a folder of its own, with its snapshot file rewritten by `edit`. */
function copyWith(name: string, edit: (snapshot: SnapshotFile) => string): string {
  const target = join(built.sandbox.base, name, REPO);
  mkdirSync(join(built.sandbox.base, name));
  cpSync(built.repo, target, { recursive: true, verbatimSymlinks: true });
  const file = join(target, EVIDENCE);
  writeFileSync(file, edit(JSON.parse(readFileSync(file, 'utf8')) as SnapshotFile));
  return target;
}

async function grade(repo: string, extra: readonly string[] = []): Promise<{ run: CliRun; report: GradeReport; three: CriterionResult }> {
  const run = await wtlab(['grade', repo, '--format', 'json', ...extra]);
  const report = JSON.parse(run.stdout) as GradeReport;
  const three = report.criteria.find((criterion) => criterion.id === 'three-worktrees') as CriterionResult;
  return { run, report, three };
}

/** `wtlab grade --explain` of the finished repo, run once for the tests that read its report, its stderr or its command list. */
let explained: ReturnType<typeof grade> | undefined;
function gradeExplained(): ReturnType<typeof grade> {
  explained ??= grade(built.repo, ['--explain']);
  return explained;
}

/** stderr without the `--explain` list (its heading and one `  exit N` line per git command). */
function withoutExplain(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !line.startsWith('git commands run to grade ') && !/^ {2}exit \d+ /.test(line))
    .join('\n');
}

function statuses(criterion: CriterionResult): Record<string, string> {
  return Object.fromEntries(criterion.checks.map((result) => [result.id, result.status]));
}

describe('wtlab snapshot', () => {
  it('records both linked worktrees into .git/wtlab/evidence.json, which git never lists, and worktree-evidence.json to commit', async () => {
    expect(snapshotRun?.stdout).toMatch(
      /^Recorded 2 linked worktree\(s\) into .*\.git\/wtlab\/evidence\.json and .*\/worktree-evidence\.json: tasks-app-remaining on feature\/remaining \(tasks\.json (untracked|ignored), 0 uncommitted\); tasks-app-wipe on feature\/wipe /,
    );
    const gitBinary = await testGit();
    const status = await runGit(gitBinary, ['status', '--porcelain', '--ignored', '-uall'], {
      cwd: built.repo,
      env: sealedEnv({ git: gitBinary, home: built.sandbox.home }),
    });
    expect(status.exitCode).toBe(0);
    expect(status.stdout).not.toContain('wtlab');
    // The lab commits the record after its second snapshot, so it is tracked and unchanged, beside the file in .git.
    expect(status.stdout).not.toContain('worktree-evidence.json');
    expect(readFileSync(join(built.repo, 'worktree-evidence.json'), 'utf8')).toBe(readFileSync(join(built.repo, EVIDENCE), 'utf8'));
    const snapshot = JSON.parse(readFileSync(join(built.repo, EVIDENCE), 'utf8')) as SnapshotFile;
    expect(snapshot).toMatchObject({ schemaVersion: 1, git: expect.stringMatching(/^\d+\.\d+/), takenAt: expect.any(Number) });
    expect(snapshot.linked?.map((observed) => [observed.branch, observed.hasTasksJson])).toEqual([
      ['feature/remaining', true],
      ['feature/wipe', true],
    ]);
    // The lab takes it again after cleanup: no worktree record is left, what the first one saw is kept.
    expect(snapshot.worktrees).toEqual([]);
    expect(snapshot.headReflogs?.map((log) => log.ref).sort()).toEqual(['worktrees/tasks-app-remaining/HEAD', 'worktrees/tasks-app-wipe/HEAD']);
    const again = await wtlab(['snapshot'], { cwd: built.repo });
    expect(again.stdout).toContain('Kept 2 worktree(s) an earlier snapshot saw that are gone now.');
    expect(again.stdout).toContain('The cleanup is recorded too. Commit the record so CI can grade it: git add worktree-evidence.json');
  });

  it('refuses what is not a live folder (a bundle or URL) with one line and exit 2', async () => {
    const run = await wtlab(['snapshot', `file://${built.repo}`]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^wtlab: .*(does not exist|not one)/);
  });
});

describe('grading after cleanup', () => {
  it('passes three-worktrees from the snapshot although the worktrees and their branches are gone', async () => {
    const { run, report, three } = await gradeExplained();
    expect(withoutExplain(run.stderr)).toBe('');
    expect(three.status).toBe('pass');
    expect(statuses(three)).toEqual({ 'linked-worktrees': 'pass', 'same-time': 'pass', 'app-run-in-both': 'pass', 'tasks-json-untracked': 'pass' });
    expect(three.checks.find((result) => result.id === 'same-time')?.message).toBe(
      'Both linked worktrees existed at the same time: one wtlab snapshot saw them both.',
    );
    expect(three.checks.find((result) => result.id === 'app-run-in-both')?.evidence).toContain('tasks-app-wipe/tasks.json (snapshot)');
    expect(report.warnings).toBeUndefined();
  });

  it('without the snapshot the same repository cannot show three-worktrees: it skips, as before', async () => {
    const bare = join(built.sandbox.base, 'no-snapshot', REPO);
    mkdirSync(join(built.sandbox.base, 'no-snapshot'));
    cpSync(built.repo, bare, { recursive: true, verbatimSymlinks: true, filter: (path) => !path.endsWith(join('.git', 'wtlab')) });
    expect(existsSync(join(bare, EVIDENCE))).toBe(false);
    const { report, three } = await grade(bare);
    expect(three.status).toBe('skip');
    expect(statuses(three)).toEqual({ 'linked-worktrees': 'skip', 'same-time': 'skip', 'app-run-in-both': 'skip', 'tasks-json-untracked': 'skip' });
    expect(report.maxScore).toBe((await gradeExplained()).report.maxScore - 20);
    expect(three.checks.find((result) => result.id === 'linked-worktrees')?.hint).toMatch(/run wtlab snapshot before cleaning up/);
  });

  it.each([
    [
      'names a commit that does not exist',
      (snapshot: SnapshotFile) =>
        JSON.stringify({
          ...snapshot,
          headReflogs: snapshot.headReflogs?.map((log) => ({ ...log, entries: log.entries.map((entry) => ({ ...entry, new: 'deadbeef'.repeat(5) })) })),
        }),
      /names commit deadbee.*, which is not in this repository/,
    ],
    ['is not JSON', () => '{"schemaVersion": 1, "linked": [', /is not valid JSON/],
    [
      'has a reflog entry without its fields',
      (snapshot: SnapshotFile) =>
        JSON.stringify({
          ...snapshot,
          headReflogs: snapshot.headReflogs?.map((log) => ({ ...log, entries: [...log.entries, { message: 'commit: made up' }] })),
        }),
      /reflog entries that are not well-formed/,
    ],
  ])('a snapshot that %s is ignored with a warning on stderr and in the check that needed it', async (label, edit, reason) => {
    const repo = copyWith(label.replace(/\W+/g, '-'), edit);
    const { run, report, three } = await grade(repo);
    expect(run.stderr).toMatch(
      new RegExp(`^wtlab: warning: ${repo.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: the snapshot in \\.git/wtlab/evidence\\.json is ignored: `, 'm'),
    );
    expect(run.stderr).toMatch(reason);
    expect(report.warnings?.[0]).toMatch(reason);
    const linked = three.checks.find((result) => result.id === 'linked-worktrees');
    expect(linked).toMatchObject({ status: 'skip', hint: 'Take a new snapshot while both linked worktrees exist: wtlab snapshot' });
    expect(linked?.message).toMatch(/^The feature branches and worktree records are gone, .* The snapshot in \.git\/wtlab\/evidence\.json is ignored: /);
    expect(linked?.message).toMatch(reason);
    expect(three.status).toBe('skip');
    expect(statuses(three)).toMatchObject({ 'linked-worktrees': 'skip', 'app-run-in-both': 'skip' });
  });

  it('a snapshot cannot overrule the repository: claiming a main-folder commit for a worktree gets it ignored', async () => {
    const mainLog = readFileSync(join(built.repo, '.git', 'logs', 'HEAD'), 'utf8').split('\n')[0] ?? '';
    const first = mainLog.split(' ')[1] as string;
    const repo = copyWith('contradiction', (snapshot) =>
      JSON.stringify({
        ...snapshot,
        headReflogs: snapshot.headReflogs?.map((log) => ({
          ...log,
          entries: [...log.entries, { old: '0'.repeat(40), new: first, time: 1, message: 'commit: start', action: 'commit' }],
        })),
      }),
    );
    const { report, three } = await grade(repo);
    expect(report.warnings?.[0]).toMatch(
      /contradicts the repository: it says commit .* was made in worktree tasks-app-\w+, but the repository's own reflog shows it was made in the main folder/,
    );
    expect(three.status).toBe('skip');
  });

  it('--explain lists every git command grading ran, with exit codes and durations, on stderr', async () => {
    const { run } = await gradeExplained();
    const lines = run.stderr.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^git commands run to grade .*tasks-app \\((\\d+);`));
    const commands = lines.slice(1).filter((line) => /^ {2}exit \d+/.test(line));
    expect(commands.length).toBe(Number(/\((\d+);/.exec(lines[0] ?? '')?.[1]));
    for (const line of commands) expect(line).toMatch(/^ {2}exit \d+\s+\d+ms {2}git \S+/);
    expect(commands.some((line) => /git for-each-ref /.test(line))).toBe(true);
    // One cat-file reads the lab files and checks the snapshot's commits.
    expect(commands.filter((line) => /git cat-file /.test(line))).toHaveLength(1);
    expect(commands.some((line) => /git log --graph /.test(line))).toBe(true);
  });
});
