import { cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REMAINING, STATE_FILE, WIPE } from '../../../graders/lab.js';
import { lab } from '../../../lab/index.js';
import { runGit } from '../../../src/git/run-git.js';
import { sealedEnv } from '../../../src/git/sealed-env.js';
import { gradeSubmission } from '../../../src/grade/grade-submission.js';
import type { GradeReport } from '../../../src/grade/report-types.js';
import { packageRoot } from '../../../src/paths/package-root.js';
import { runProcess } from '../../../src/process/run-process.js';
import { testGit } from '../../support/git.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function checkOf(report: GradeReport, id: string) {
  const [criterion, check] = id.split('/');
  return report.criteria.find((candidate) => candidate.id === criterion)?.checks.find((candidate) => candidate.id === check);
}

function commandAfter(text: string | undefined, marker: string): string {
  const at = text?.indexOf(marker) ?? -1;
  if (text === undefined || at === -1) throw new Error(`no "${marker}" in: ${text}`);
  return text.slice(at + marker.length).trim();
}

/**
 * A learner's course folder whose name has a space (`my course`), with `my` beside it holding a file: a hint that
 * leaves a path unquoted runs `rm -rf .../my` there. Inside: the start app without a .gitignore, committed, and both
 * linked worktrees with an untracked tasks.json each (so removing them needs the `rm` first).
 */
async function courseWithSpace(): Promise<{ readonly root: string; readonly repo: string; readonly run: (cwd: string, command: string) => Promise<number> }> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'wtlab-quote-')));
  made.push(root);
  const git = await testGit();
  const home = join(root, 'home');
  mkdirSync(home);
  const env = sealedEnv({ git, home });
  mkdirSync(join(root, 'my'));
  writeFileSync(join(root, 'my', 'keep.txt'), 'not the lab\n');
  const repo = join(root, 'my course', 'tasks-app');
  cpSync(join(packageRoot(), 'fixtures', 'lab', 'start'), repo, { recursive: true, filter: (source) => !source.endsWith('.gitignore') });
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['commit', '-q', '-m', 'start'],
  ]) {
    expect((await runGit(git, args, { cwd: repo, env })).exitCode).toBe(0);
  }
  for (const feature of [WIPE, REMAINING]) {
    expect((await runGit(git, ['worktree', 'add', '-q', `../${feature.folder}`, '-b', feature.branch], { cwd: repo, env })).exitCode).toBe(0);
    writeFileSync(join(root, 'my course', feature.folder, STATE_FILE), '[]\n');
  }
  const run = async (cwd: string, command: string): Promise<number> => (await runProcess(['bash', '-c', command], { cwd, env })).exitCode ?? 1;
  return { root, repo, run };
}

describe('hint commands quote paths, so a course folder with a space in its name is not cut in two', () => {
  it('the remove step deletes each tasks.json and removes both worktrees, and nothing outside them', async () => {
    const { root, repo, run } = await courseWithSpace();
    const git = await testGit();
    // The check's hint removes one worktree at a time: follow it until none is left.
    for (const round of [1, 2]) {
      const hint = checkOf(await gradeSubmission(repo, { git, lab }), 'cleaned-up/only-main-worktree')?.hint;
      expect(hint, `round ${round}`).toContain('rm -rf');
      expect(await run(repo, commandAfter(hint, 'Run: '))).toBe(0);
    }
    expect(existsSync(join(root, 'my', 'keep.txt'))).toBe(true);
    const list = await runGit(git, ['worktree', 'list', '--porcelain'], { cwd: repo, env: sealedEnv({ git, home: join(root, 'home') }) });
    expect(list.stdout.split('\n').filter((line) => line.startsWith('worktree '))).toEqual([`worktree ${repo}`]);
  });

  it('a stray folder whose name has a space: the delete hint removes that folder only', async () => {
    const { repo, run } = await courseWithSpace();
    const git = await testGit();
    const stray = join(repo, '..', 'tasks-app-wipe copy');
    mkdirSync(stray);
    writeFileSync(join(stray, '.git'), 'gitdir: /nowhere\n');
    writeFileSync(join(repo, 'copy'), 'the learner keeps this\n');
    const hint = checkOf(await gradeSubmission(repo, { git, lab }), 'cleaned-up/no-stray-siblings')?.hint;
    expect(await run(repo, commandAfter(hint, 'then delete it: '))).toBe(0);
    expect(existsSync(stray)).toBe(false);
    expect(existsSync(join(repo, 'copy'))).toBe(true);
  });
});
