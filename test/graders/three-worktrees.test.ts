import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REMAINING, STATE_FILE, WIPE } from '../../graders/lab.js';
import { lab } from '../../lab/index.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import { packageRoot } from '../../src/paths/package-root.js';
import { runProcess } from '../../src/process/run-process.js';
import { testGit } from '../support/git.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'wtlab-three-worktrees-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('app-run-in-both names the worktree where the learner made it, not the lab folder name', () => {
  it('worktrees inside the repository (.worktrees/wipe): the message names that folder and the hint runs the app there', async () => {
    const git = await testGit();
    const env = sealedEnv({ git, home: root });
    const repo = join(root, 'tasks-app');
    cpSync(join(packageRoot(), 'fixtures', 'lab', 'start'), repo, { recursive: true });
    for (const args of [
      ['init', '-q', '-b', 'main'],
      ['add', '-A'],
      ['commit', '-q', '-m', 'start'],
    ]) {
      expect((await runGit(git, args, { cwd: repo, env })).exitCode).toBe(0);
    }
    for (const [feature, folder] of [
      [WIPE, '.worktrees/wipe'],
      [REMAINING, '.worktrees/remaining'],
    ] as const) {
      expect((await runGit(git, ['worktree', 'add', '-q', folder, '-b', feature.branch], { cwd: repo, env })).exitCode).toBe(0);
    }
    const report = await gradeSubmission(repo, { git, lab });
    const check = report.criteria.find((criterion) => criterion.id === 'three-worktrees')?.checks.find((candidate) => candidate.id === 'app-run-in-both');
    expect(check?.status).toBe('fail');
    expect(check?.message).toContain(join(repo, '.worktrees', 'wipe'));
    const command = check?.hint?.split('Run the app in it: ')[1] ?? '';
    const ran = await runProcess(['bash', '-c', command], { cwd: repo, env });
    expect(ran.exitCode, ran.stderr).toBe(0);
    expect(existsSync(join(repo, '.worktrees', 'wipe', STATE_FILE))).toBe(true);
  });
});
