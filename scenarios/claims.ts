import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { compareVersions } from '../src/git/git-binary.js';
import { defineScenario } from '../src/scenario/define-scenario.js';
import { app, check, edit, git, labScript } from '../src/scenario/steps.js';
import type { CheckFinding, CheckVerdict, StepContext } from '../src/scenario/types.js';
import { BREAKS_COMMANDS, LAB_COMMANDS } from './support/first-versions.js';
import { startRepo } from './support/start-repo.js';
import { listWorktrees } from './support/worktree-list.js';

const REPO = 'tasks-app';
const WIPE = 'tasks-app-wipe';
const REMAINING = 'tasks-app-remaining';
const MARK = '# claims: uncommitted edit';

function claim(expected: string, actual: string): CheckFinding {
  return { kind: 'claim', expected, actual };
}

function output(context: StepContext, step: string): { exitCode: number; text: string; stderr: string } {
  const run = context.result(step)?.run;
  return { exitCode: run?.exitCode ?? -1, text: `${run?.stdout ?? ''}${run?.stderr ?? ''}`.trim(), stderr: run?.stderr.trim() ?? '' };
}

/** Probes each command on this git: it must work from its first version on, and nowhere before. */
async function probeCommands(context: StepContext): Promise<CheckVerdict> {
  const failures: string[] = [];
  for (const entry of [...LAB_COMMANDS, ...BREAKS_COMMANDS]) {
    const result = await context.runGit(entry.probe, REPO);
    const expected = compareVersions(context.git.version, entry.since) >= 0;
    if ((result.exitCode === 0) !== expected) {
      failures.push(`${entry.command} (first in ${entry.since}) ${result.exitCode === 0 ? 'works' : 'fails'} on git ${context.git.version}: ${result.stderr.trim()}`);
    }
  }
  const back = await context.runGit(['checkout', '-q', 'main'], REPO);
  if (back.exitCode !== 0) failures.push(`cannot go back to main after the probes: ${back.stderr.trim()}`);
  return { failures };
}

/** The version the module text asks for against the highest first version of the lab's commands. */
async function versionClaim(context: StepContext): Promise<CheckVerdict> {
  const needed = [...LAB_COMMANDS].sort((a, b) => compareVersions(b.since, a.since))[0];
  if (needed === undefined) return { failures: [] };
  const file = context.lab.moduleText;
  if (file === undefined) return { failures: [], findings: [claim(`the module text names the git version it needs (${needed.since}, for ${needed.command})`, 'the lab folder has no ../README.md')] };
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const index = lines.findIndex((line) => /\bgit (\d+\.\d+(?:\.\d+)?) or (?:newer|later)/i.test(line));
  const asked = index < 0 ? undefined : /\bgit (\d+\.\d+(?:\.\d+)?) or (?:newer|later)/i.exec(lines[index] ?? '')?.[1];
  if (asked === undefined) return { failures: [], findings: [claim(`the module text asks for git ${needed.since} or newer (${needed.command})`, 'it names no minimum git version')] };
  if (compareVersions(asked, needed.since) >= 0) return { failures: [] };
  return { failures: [], findings: [claim(`git ${needed.since} or newer: ${needed.command} first appeared in ${needed.since} (${needed.source})`, `the module text (line ${index + 1}) asks for git ${asked} or newer`)] };
}

async function ignoredStateClaim(context: StepContext): Promise<CheckVerdict> {
  const findings: CheckFinding[] = [];
  const ignored = output(context, 'is tasks.json ignored');
  if (ignored.exitCode !== 0) findings.push(claim('the start snapshot ignores tasks.json', `git check-ignore says tasks.json in ${WIPE} is not ignored`));
  const removal = output(context, 'git worktree remove without --force, tasks.json present');
  if (removal.exitCode === 0 && !existsSync(context.path(WIPE))) {
    findings.push(claim('git worktree remove refuses a worktree holding work', `it removed ${WIPE} with its ignored tasks.json (the tasks added there are gone, no --force needed)`));
  } else if (removal.exitCode !== 0) {
    findings.push(claim('git worktree remove succeeds once the work is committed', `it refused because of tasks.json: ${removal.text}`));
  }
  return { failures: [], findings };
}

async function cleanupKeepsWork(context: StepContext): Promise<CheckVerdict> {
  const run = output(context, 'cleanup script with an uncommitted edit in tasks-app-wipe');
  const file = context.path(`${WIPE}/cli.py`);
  const kept = existsSync(file) && (await readFile(file, 'utf8')).includes(MARK);
  if (!kept) {
    const how = run.exitCode === 0 && !run.text.includes(WIPE) ? 'silently (exit 0, the folder never named)' : `(exit ${run.exitCode})`;
    return { failures: [`the cleanup script destroyed the uncommitted edit in ${WIPE} ${how}: ${run.text}`] };
  }
  const findings = run.exitCode === 0 || !run.text.includes(WIPE) ? [claim(`the cleanup script refuses and names ${WIPE}`, `it kept the edit but exited ${run.exitCode} saying: ${run.text || '(nothing)'}`)] : [];
  return { failures: [], findings };
}

function setupPlacedWorktrees(step: string, from: string) {
  return async (context: StepContext): Promise<CheckVerdict> => {
    const run = output(context, step);
    const records = await listWorktrees(context, REPO);
    const paths = records.map((record) => record.path);
    const missing = [WIPE, REMAINING].filter((folder) => !paths.includes(context.path(folder)));
    if (run.exitCode === 0 && missing.length === 0) return { failures: [] };
    return { failures: [], findings: [claim(`the setup script works when run from ${from}`, `exit ${run.exitCode}, ${missing.length > 0 ? `no ${missing.join(' or ')} beside ${REPO}` : 'worktrees in place'}: ${run.text.split('\n').slice(-2).join(' ')}`)] };
  };
}

function failsLoudly(step: string, what: string) {
  return (context: StepContext): CheckVerdict => {
    const run = output(context, step);
    if (run.exitCode !== 0 && run.stderr !== '') return { failures: [] };
    return { failures: [], findings: [claim(`${what} fails loudly (non-zero exit and a message on stderr)`, `exit ${run.exitCode}, stderr ${run.stderr ? JSON.stringify(run.stderr) : 'empty'}`)] };
  };
}

const removeByHand = [
  git('remove the wipe worktree by hand', REPO, ['worktree', 'remove', '--force', `../${WIPE}`]),
  git('remove the remaining worktree by hand', REPO, ['worktree', 'remove', '--force', `../${REMAINING}`]),
  git('delete both branches', REPO, ['branch', '-D', 'feature/wipe', 'feature/remaining']),
];

export default defineScenario({
  name: 'claims',
  summary: "Checks the lab's own claims: the git version it needs, ignored tasks.json, a cleanup that keeps work, scripts that work anywhere and fail loudly.",
  steps: [
    ...startRepo(REPO),
    check('each lab command exists from its first version on', probeCommands),
    check('the module text asks for the git version the commands need', versionClaim),

    git('a worktree to run the app in', REPO, ['worktree', 'add', `../${WIPE}`, '-b', 'feature/wipe']),
    app('the app writes its tasks.json there', WIPE, ['add', 'kept only here']),
    git('is tasks.json ignored', WIPE, ['check-ignore', 'tasks.json'], { exitCode: 'any' }),
    git('git worktree remove without --force, tasks.json present', REPO, ['worktree', 'remove', `../${WIPE}`], { exitCode: 'any' }),
    check('what the ignored tasks.json does to git worktree remove', ignoredStateClaim),
    git('forget any leftover record', REPO, ['worktree', 'prune']),
    git('drop the branch', REPO, ['branch', '-D', 'feature/wipe']),

    labScript('setup script from the main worktree', REPO, 'setup-worktrees.sh'),
    edit('an uncommitted edit in tasks-app-wipe', `${WIPE}/cli.py`, [{ find: '"""Command line', replace: `${MARK}\n"""Command line` }]),
    labScript('cleanup script with an uncommitted edit in tasks-app-wipe', REPO, 'cleanup-worktrees.sh', [], { exitCode: 'any' }),
    check('the cleanup script keeps uncommitted work and says where it is', cleanupKeepsWork),
    ...removeByHand,

    check('make a subfolder', async (context) => {
      await mkdir(context.path(`${REPO}/docs`), { recursive: true });
      return [];
    }),
    labScript('setup script from a subfolder', `${REPO}/docs`, 'setup-worktrees.sh', [], { exitCode: 'any' }),
    check('the setup script works from a subfolder', setupPlacedWorktrees('setup script from a subfolder', 'a subfolder of the main worktree')),
    labScript('setup script run a second time', REPO, 'setup-worktrees.sh', [], { exitCode: 'any' }),
    check('the setup script fails loudly when the worktrees exist', failsLoudly('setup script run a second time', 'setup run twice')),
    ...removeByHand.map((step) => ({ ...step, expect: { exitCode: 'any' as const } })),

    git('a third linked worktree', REPO, ['worktree', 'add', '../tasks-app-other', '-b', 'other']),
    labScript('setup script from a linked worktree', 'tasks-app-other', 'setup-worktrees.sh', [], { exitCode: 'any' }),
    check('the setup script works from a linked worktree', setupPlacedWorktrees('setup script from a linked worktree', 'a linked worktree')),

    labScript('setup script outside any repository', '.', 'setup-worktrees.sh', [], { exitCode: 'any' }),
    check('the setup script fails loudly outside a repository', failsLoudly('setup script outside any repository', 'setup outside a repository')),
    labScript('cleanup script outside any repository', '.', 'cleanup-worktrees.sh', [], { exitCode: 'any' }),
    check('the cleanup script fails loudly outside a repository', failsLoudly('cleanup script outside any repository', 'cleanup outside a repository')),
  ],
});
