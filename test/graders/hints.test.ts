import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REMAINING, STATE_FILE, WIPE } from '../../graders/lab.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { runGit } from '../../src/git/run-git.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { resolveLabFolder } from '../../src/lab/lab-folder.js';
import { runProcess } from '../../src/process/run-process.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { copyBuilt } from '../support/copy-built.js';
import { testGit } from '../support/git.js';
import { VARIANT_CODE } from '../support/start-variant-code.js';
import { variantRoad, type RoadName } from '../support/start-variant-roads.js';
import { lab } from '../../lab/index.js';

const sandboxes: Sandbox[] = [];
afterAll(() => Promise.all(sandboxes.map((sandbox) => sandbox.remove())));

/** Each start's road played once in this file, by `variant/road`; the tests change copies of it. */
const played = new Map<string, Promise<Sandbox>>();

async function play(variant: string, road: RoadName): Promise<Sandbox> {
  const code = VARIANT_CODE[variant];
  if (code === undefined) throw new Error(variant);
  const git = await testGit();
  const { result, sandbox } = await runScenario(variantRoad(variant, code, road, { stopAfter: 'merge' }), {
    git,
    lab: { ...resolveLabFolder(), start: code.start },
    keep: true,
  });
  if (sandbox === undefined) throw new Error('no sandbox');
  sandboxes.push(sandbox);
  expect(result.steps.filter((step) => step.status === 'fail')).toEqual([]);
  return sandbox;
}

/** A fresh copy of a start played on a road up to its merges, with both worktrees still there (the road is played once per file). */
async function mergedWithWorktrees(variant: string, options: { readonly road?: RoadName } = {}): Promise<{ sandbox: Sandbox; repo: string }> {
  const road = options.road ?? 'golden';
  const key = `${variant}/${road}`;
  const once = played.get(key) ?? play(variant, road);
  played.set(key, once);
  const copy = await copyBuilt(await once);
  sandboxes.push(copy.sandbox);
  return { sandbox: copy.sandbox, repo: copy.repo };
}

async function runHint(sandbox: Sandbox, cwd: string, command: string): Promise<{ exitCode: number; output: string }> {
  const git = await testGit();
  const result = await runProcess(['bash', '-c', command], { cwd, env: sealedEnv({ git, home: sandbox.home, shimDir: sandbox.bin }) });
  return { exitCode: result.exitCode ?? 1, output: `${result.stdout}${result.stderr}` };
}

function commandAfter(text: string | undefined, marker: string): string {
  const at = text?.indexOf(marker) ?? -1;
  if (text === undefined || at === -1) throw new Error(`no "${marker}" in: ${text}`);
  return text.slice(at + marker.length).trim();
}

function checkOf(report: GradeReport, id: string) {
  const [criterion, check] = id.split('/');
  return report.criteria.find((candidate) => candidate.id === criterion)?.checks.find((candidate) => candidate.id === check);
}

describe("next steps and hints are commands git accepts on the learner's own app", () => {
  it('a start that does not ignore tasks.json (nor __pycache__): the remove step says why and deletes them first, and git accepts it', async () => {
    const { sandbox, repo } = await mergedWithWorktrees('course-like');
    mkdirSync(join(sandbox.work, WIPE.folder, '__pycache__'));
    writeFileSync(join(sandbox.work, WIPE.folder, '__pycache__', 'tasks.cpython-311.pyc'), 'bytecode');
    const git = await testGit();
    const report = await gradeSubmission(repo, { git, lab });
    expect(report.stage).toBe('merged');
    expect(report.nextStep).toContain(`${STATE_FILE} and __pycache__ there are not ignored`);
    expect(checkOf(report, 'cleaned-up/only-main-worktree')?.hint).toContain('rm -rf');
    // Plain `git worktree remove` is refused here: the hint is needed.
    const plain = await runGit(git, ['worktree', 'remove', `../${REMAINING.folder}`], { cwd: repo, env: sealedEnv({ git, home: sandbox.home }) });
    expect(plain.exitCode).not.toBe(0);
    const ran = await runHint(sandbox, repo, commandAfter(report.nextStep, 'Run: '));
    expect(ran.exitCode, ran.output).toBe(0);
    const after = await gradeSubmission(repo, { git, lab });
    expect(checkOf(after, 'cleaned-up/only-main-worktree')?.status).toBe('pass');
    expect(checkOf(after, 'cleaned-up/nothing-lost')?.status).toBe('pass');
    expect(after.nextStep).toContain('quiz');
  });

  it('a start that ignores its state: the remove step is the plain command, and git accepts it', async () => {
    const { sandbox, repo } = await mergedWithWorktrees('lab');
    const report = await gradeSubmission(repo, { git: await testGit(), lab });
    expect(report.nextStep).not.toContain('rm -rf');
    const ran = await runHint(sandbox, repo, commandAfter(report.nextStep, 'Run: '));
    expect(ran.exitCode, ran.output).toBe(0);
  });

  it('uncommitted work beside an untracked tasks.json: the commit hint names the work only, so tasks.json stays out of git', async () => {
    const { sandbox, repo } = await mergedWithWorktrees('course-like');
    const folder = join(sandbox.work, REMAINING.folder);
    writeFileSync(join(folder, 'NOTES.md'), 'what agent B still has to do\n');
    const report = await gradeSubmission(repo, { git: await testGit(), lab });
    const lost = checkOf(report, 'cleaned-up/nothing-lost');
    expect(lost?.status).toBe('fail');
    expect(lost?.hint).not.toContain('add -A');
    const ran = await runHint(sandbox, repo, commandAfter(lost?.hint, 'Commit it there first: '));
    expect(ran.exitCode, ran.output).toBe(0);
    const git = await testGit();
    const tracked = await runGit(git, ['ls-files'], { cwd: folder, env: sealedEnv({ git, home: sandbox.home }) });
    expect(tracked.stdout.split('\n')).toContain('NOTES.md');
    expect(tracked.stdout.split('\n')).not.toContain(STATE_FILE);
  });

  it('tasks.json committed with git add -A on a start without .gitignore: the fix also ignores it, so the next git add -A does not bring it back', async () => {
    const { sandbox, repo } = await mergedWithWorktrees('course-like');
    const folder = join(sandbox.work, WIPE.folder);
    const slip = await runHint(sandbox, folder, 'git add -A && git commit -qm "Save my tasks"');
    expect(slip.exitCode, slip.output).toBe(0);
    const git = await testGit();
    const report = await gradeSubmission(repo, { git, lab });
    const tracked = checkOf(report, 'three-worktrees/tasks-json-untracked');
    expect(tracked?.status).toBe('fail');
    expect(tracked?.hint).toContain('.gitignore');
    const ran = await runHint(sandbox, repo, commandAfter(tracked?.hint, 'for good: '));
    expect(ran.exitCode, ran.output).toBe(0);
    const again = await runHint(sandbox, folder, 'git add -A && git status --porcelain');
    expect(again.output).not.toContain(STATE_FILE);
    const after = await gradeSubmission(repo, { git, lab });
    expect(checkOf(after, 'three-worktrees/tasks-json-untracked')?.status).toBe('pass');
  });

  it('a side dropped while resolving: the step applies its change again, where git merge would only say Already up to date', async () => {
    const git = await testGit();
    const { sandbox, repo } = await mergedWithWorktrees('handlers-dict', { road: 'side-lost' });
    const report = await gradeSubmission(repo, { git, lab });
    expect(report.stage).toBe('merging');
    const command = commandAfter(report.nextStep, 'from the main folder: ').split(', keep both')[0] ?? '';
    expect(command).toMatch(/^git diff [0-9a-f]{7} feature\/remaining -- cli\.py tasks\.py \| git apply --3way$/);
    const ran = await runHint(sandbox, repo, command);
    // Applied, with conflict markers where main moved on (exit 1), or cleanly (exit 0): either way the code is back.
    expect([0, 1], ran.output).toContain(ran.exitCode);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(join(repo, 'cli.py'), 'utf8')).toContain('"remaining"');
  });
});
