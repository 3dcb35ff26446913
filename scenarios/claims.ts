import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { compareVersions } from '../src/git/git-binary.js';
import { defineScenario } from '../src/scenario/define-scenario.js';
import { app, appendLines, check, git, idSteps, labScript } from '../src/scenario/steps.js';
import type { CheckFinding, CheckVerdict, Step, StepContext } from '../src/scenario/types.js';
import { BREAKS_COMMANDS, LAB_COMMANDS } from './support/first-versions.js';
import { startRepo } from './support/start-repo.js';
import { expectWorktrees, listWorktrees } from './support/worktree-list.js';
import { A, B } from './support/agents.js';
import { CLI, MAIN, REPO, STATE } from './support/names.js';

const WIPE = A.worktree;
const REMAINING = B.worktree;
const MARK = '# claims: uncommitted edit';

function claim(expected: string, actual: string): CheckFinding {
  return { kind: 'claim', expected, actual };
}

function output(context: StepContext, id: string): { exitCode: number; text: string; stderr: string } {
  const run = context.result(id)?.run;
  return { exitCode: run?.exitCode ?? -1, text: `${run?.stdout ?? ''}${run?.stderr ?? ''}`.trim(), stderr: run?.stderr.trim() ?? '' };
}

/** Probes each command on this git: it must work from its first version on, and nowhere before. */
async function probeCommands(context: StepContext): Promise<CheckVerdict> {
  const failures: string[] = [];
  for (const entry of [...LAB_COMMANDS, ...BREAKS_COMMANDS]) {
    const result = await context.runGit(entry.probe, REPO);
    const expected = compareVersions(context.git.version, entry.since) >= 0;
    if ((result.exitCode === 0) !== expected) {
      failures.push(
        `${entry.command} (first in ${entry.since}) ${result.exitCode === 0 ? 'works' : 'fails'} on git ${context.git.version}: ${result.stderr.trim()}`,
      );
    }
  }
  const back = await context.runGit(['checkout', '-q', MAIN], REPO);
  if (back.exitCode !== 0) failures.push(`cannot go back to main after the probes: ${back.stderr.trim()}`);
  return { failures };
}

/** The version the module text asks for against the highest first version of the lab's commands. */
async function versionClaim(context: StepContext): Promise<CheckVerdict> {
  const needed = [...LAB_COMMANDS].sort((a, b) => compareVersions(b.since, a.since))[0];
  if (needed === undefined) return { failures: [] };
  const file = context.lab.moduleText;
  if (file === undefined)
    return {
      failures: [],
      findings: [claim(`the module text names the git version it needs (${needed.since}, for ${needed.command})`, 'the lab folder has no ../README.md')],
    };
  const text = await readFile(file, 'utf8');
  const lines = text.split('\n');
  const index = lines.findIndex((line) => /\bgit (\d+\.\d+(?:\.\d+)?) or (?:newer|later)/i.test(line));
  const asked = index < 0 ? undefined : /\bgit (\d+\.\d+(?:\.\d+)?) or (?:newer|later)/i.exec(lines[index] ?? '')?.[1];
  if (asked === undefined)
    return { failures: [], findings: [claim(`the module text asks for git ${needed.since} or newer (${needed.command})`, 'it names no minimum git version')] };
  if (compareVersions(asked, needed.since) >= 0) return { failures: [] };
  return {
    failures: [],
    findings: [
      claim(
        `git ${needed.since} or newer: ${needed.command} first appeared in ${needed.since} (${needed.source})`,
        `the module text (line ${index + 1}) asks for git ${asked} or newer`,
      ),
    ],
  };
}

async function ignoredStateClaim(context: StepContext): Promise<CheckVerdict> {
  const findings: CheckFinding[] = [];
  const ignored = output(context, 'is-state-ignored');
  if (ignored.exitCode !== 0) findings.push(claim('the start snapshot ignores tasks.json', `git check-ignore says tasks.json in ${WIPE} is not ignored`));
  const removal = output(context, 'remove-with-state');
  if (removal.exitCode === 0 && !existsSync(context.path(WIPE))) {
    findings.push(
      claim(
        'git worktree remove refuses a worktree holding work',
        `it removed ${WIPE} with its ignored tasks.json (the tasks added there are gone, no --force needed)`,
      ),
    );
  } else if (removal.exitCode !== 0) {
    findings.push(claim('git worktree remove succeeds once the work is committed', `it refused because of tasks.json: ${removal.text}`));
  }
  return { failures: [], findings };
}

/** The cleanup script's lines that remove a worktree whatever it holds (`worktree remove --force`/`-f`, `rm -rf`), as `line N: text`. */
async function discardingLines(script: string): Promise<string[]> {
  const lines = (await readFile(script, 'utf8')).split(/\r?\n/);
  const forced = /\bworktree\s+remove\b.*(?:--force|\s-f\b)|\brm\s+-(?:[a-z]*r[a-z]*f|[a-z]*f[a-z]*r)\b/i;
  return lines.flatMap((text, index) => (forced.test(text) && !text.trim().startsWith('#') ? [`line ${index + 1}: ${text.trim()}`] : []));
}

async function cleanupKeepsWork(context: StepContext): Promise<CheckVerdict> {
  const run = output(context, 'cleanup-with-edit');
  const file = context.path(`${WIPE}/${CLI}`);
  const kept = existsSync(file) && (await readFile(file, 'utf8')).includes(MARK);
  const expected = `the cleanup script keeps uncommitted work and names ${WIPE} (the module: commit before you remove)`;
  if (!kept) {
    const how =
      run.exitCode === 0 && !run.text.includes(WIPE) ? 'without a word (exit 0, the folder never named)' : `(exit ${run.exitCode}: ${run.text || 'no output'})`;
    const lines = await discardingLines(context.lab.cleanupScript);
    const where =
      lines.length > 0 ? `cleanup-worktrees.sh ${lines.join('; ')}` : 'no line of cleanup-worktrees.sh forces it; the script removes the folder some other way';
    return { failures: [], findings: [claim(expected, `it threw away the uncommitted edit in ${WIPE} ${how}: ${where}`)] };
  }
  const findings =
    run.exitCode === 0 || !run.text.includes(WIPE) ? [claim(expected, `it kept the edit but exited ${run.exitCode} saying: ${run.text || '(nothing)'}`)] : [];
  return { failures: [], findings };
}

function setupPlacedWorktrees(step: string, from: string) {
  return async (context: StepContext): Promise<CheckVerdict> => {
    const run = output(context, step);
    const records = await listWorktrees(context, REPO);
    const paths = records.map((record) => record.path);
    const missing = [WIPE, REMAINING].filter((folder) => !paths.includes(context.path(folder)));
    if (run.exitCode === 0 && missing.length === 0) return { failures: [] };
    return {
      failures: [],
      findings: [
        claim(
          `the setup script works when run from ${from}`,
          `exit ${run.exitCode}, ${missing.length > 0 ? `no ${missing.join(' or ')} beside ${REPO}` : 'worktrees in place'}: ${run.text.split('\n').slice(-2).join(' ')}`,
        ),
      ],
    };
  };
}

function failsLoudly(step: string, what: string) {
  return (context: StepContext): CheckVerdict => {
    const run = output(context, step);
    if (run.exitCode !== 0 && run.stderr !== '') return { failures: [] };
    return {
      failures: [],
      findings: [
        claim(
          `${what} fails loudly (non-zero exit and a message on stderr)`,
          `exit ${run.exitCode}, stderr ${run.stderr ? JSON.stringify(run.stderr) : 'empty'}`,
        ),
      ],
    };
  };
}

/** Removes every linked worktree git lists (wherever a lab's script put it) and prunes: a clean slate for the next claim. */
async function removeEveryLinkedWorktree(context: StepContext): Promise<string[]> {
  const failures: string[] = [];
  for (const record of (await listWorktrees(context, REPO)).slice(1)) {
    const removed = await context.runGit(['worktree', 'remove', '--force', record.path], REPO);
    if (removed.exitCode !== 0 && existsSync(record.path)) failures.push(`git worktree remove --force ${record.path} failed: ${removed.stderr.trim()}`);
  }
  const pruned = await context.runGit(['worktree', 'prune'], REPO);
  if (pruned.exitCode !== 0) failures.push(`git worktree prune failed: ${pruned.stderr.trim()}`);
  return failures;
}

/** Clears what the steps before left, whatever the lab's script already removed: every linked worktree, stale records, both branches. */
function removeByHand(after: string): Step[] {
  return idSteps({
    [`${after}-remove-worktrees`]: check('remove every linked worktree by hand and prune', removeEveryLinkedWorktree),
    [`${after}-delete-branches`]: git('delete both branches', REPO, ['branch', '-D', A.branch, B.branch], { expect: { exitCode: 'any' } }),
    [`${after}-nothing-left`]: check('only the main worktree is left', (context) => expectWorktrees(context, REPO, [[REPO, MAIN]])),
  });
}

export default defineScenario({
  name: 'claims',
  summary: "Checks the lab's own claims: the git version it needs, ignored tasks.json, a cleanup that keeps work, scripts that work anywhere and fail loudly.",
  steps: [
    ...startRepo(),
    ...idSteps({
      'commands-exist': check('each lab command exists from its first version on', probeCommands),
      'version-claim': check('the module text asks for the git version the commands need', versionClaim),

      'worktree-for-app': git('a worktree to run the app in', REPO, ['worktree', 'add', `../${WIPE}`, '-b', A.branch]),
      'app-writes-state': app('the app writes its tasks.json there', WIPE, ['add', 'kept only here']),
      'is-state-ignored': git('is tasks.json ignored', WIPE, ['check-ignore', STATE], { expect: { exitCode: 'any' } }),
      'remove-with-state': git('git worktree remove without --force, tasks.json present', REPO, ['worktree', 'remove', `../${WIPE}`], {
        expect: { exitCode: 'any' },
      }),
      'state-claim': check('what the ignored tasks.json does to git worktree remove', ignoredStateClaim),
      // A refused remove leaves the worktree: take it away so the branch can go, whatever the remove did.
      'remove-leftover': git('remove what is left of the worktree', REPO, ['worktree', 'remove', '--force', `../${WIPE}`], { expect: { exitCode: 'any' } }),
      'prune-leftover': git('forget any leftover record', REPO, ['worktree', 'prune']),
      'drop-branch': git('drop the branch', REPO, ['branch', '-D', A.branch]),

      'setup-from-main': labScript('setup script from the main worktree', REPO, 'setup-worktrees.sh'),
      'uncommitted-edit': appendLines(`an uncommitted edit in ${WIPE}`, `${WIPE}/${CLI}`, [MARK]),
      'cleanup-with-edit': labScript(`cleanup script with an uncommitted edit in ${WIPE}`, REPO, 'cleanup-worktrees.sh', {
        expect: { exitCode: 'any' },
      }),
      'cleanup-keeps-work': check('the cleanup script keeps uncommitted work and says where it is', cleanupKeepsWork),
    }),
    ...removeByHand('after-cleanup'),
    ...idSteps({
      'make-subfolder': check('make a subfolder', async (context) => {
        await mkdir(context.path(`${REPO}/docs`), { recursive: true });
        return [];
      }),
      'setup-from-subfolder': labScript('setup script from a subfolder', `${REPO}/docs`, 'setup-worktrees.sh', { expect: { exitCode: 'any' } }),
      'setup-subfolder-claim': check(
        'the setup script works from a subfolder',
        setupPlacedWorktrees('setup-from-subfolder', 'a subfolder of the main worktree'),
      ),
      'setup-twice': labScript('setup script run a second time', REPO, 'setup-worktrees.sh', { expect: { exitCode: 'any' } }),
      'setup-twice-claim': check('the setup script fails loudly when the worktrees exist', failsLoudly('setup-twice', 'setup run twice')),
    }),
    ...removeByHand('after-setup-twice'),
    ...idSteps({
      'third-worktree': git('a third linked worktree', REPO, ['worktree', 'add', `../${REPO}-other`, '-b', 'other']),
      'setup-from-linked': labScript('setup script from a linked worktree', `${REPO}-other`, 'setup-worktrees.sh', { expect: { exitCode: 'any' } }),
      'setup-linked-claim': check('the setup script works from a linked worktree', setupPlacedWorktrees('setup-from-linked', 'a linked worktree')),

      'setup-outside': labScript('setup script outside any repository', '.', 'setup-worktrees.sh', { expect: { exitCode: 'any' } }),
      'setup-outside-claim': check('the setup script fails loudly outside a repository', failsLoudly('setup-outside', 'setup outside a repository')),
      'cleanup-outside': labScript('cleanup script outside any repository', '.', 'cleanup-worktrees.sh', { expect: { exitCode: 'any' } }),
      'cleanup-outside-claim': check('the cleanup script fails loudly outside a repository', failsLoudly('cleanup-outside', 'cleanup outside a repository')),
    }),
  ],
});
