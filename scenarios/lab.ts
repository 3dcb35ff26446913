import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { deriveAnswerKey } from '../src/quiz/derive-answer-key.js';
import { gradeQuizAnswers } from '../src/quiz/grade-quiz.js';
import { RECORD_FILE } from '../src/record/record-file.js';
import { takeSnapshot } from '../src/snapshot/take-snapshot.js';
import { formatQuizFile } from '../src/quiz/quiz-file.js';
import { QUIZ_FILE } from '../graders/lab.js';
import { labQuiz } from '../graders/quiz/index.js';
import { defineScenario } from '../src/scenario/define-scenario.js';
import { agent, app, check, copyStart, git, idSteps, labScript, parallel, remove, run } from '../src/scenario/steps.js';
import type { CheckFinding, CheckVerdict, StepContext } from '../src/scenario/types.js';
import { differences, runApp, sameAsStart } from './support/app-behaviour.js';
import { A, B } from './support/agents.js';
import { conflictMarkers, expectAbsent, expectEmptyFolder, expectPresent } from './support/files.js';
import { resolveKeepingBoth } from './support/merge-steps.js';
import { startRepo } from './support/start-repo.js';
import { expectWorktrees } from './support/worktree-list.js';
import { CLI, MAIN, REPO, STATE } from './support/names.js';

/** Copies of the start snapshot, beside the work and never in git: one the old commands run in, one that stays empty. */
const START_RUN = 'start-copy';
const START_EMPTY = 'start-copy-empty';
const USAGE_MARK = 'done <index>';

/** The sed edit the module uses to touch the usage line on a demo branch. */
function usageSed(command: string): readonly string[] {
  return ['sh', '-c', `sed 's/${USAGE_MARK}/${USAGE_MARK} | ${command}/' cli.py > cli.tmp && mv cli.tmp cli.py`];
}

/** `git status --porcelain` lines in a folder, leaving out the app's state file when the start does not ignore it (reported once, by `own-tasks-json`). */
async function statusBesidesState(context: StepContext, folder: string): Promise<string[]> {
  const status = await context.runGit(['status', '--porcelain'], folder);
  return status.stdout.split('\n').filter((line) => line !== '' && line !== `?? ${STATE}`);
}

/** Each linked worktree has its own tasks.json that git does not track; a start that does not ignore it is the lab's claim failing, not the learner's. */
async function ownState(context: StepContext): Promise<CheckVerdict> {
  const failures = [...expectPresent(context, [`${A.worktree}/${STATE}`, `${B.worktree}/${STATE}`]), ...expectAbsent(context, [`${REPO}/${STATE}`])];
  const findings: CheckFinding[] = [];
  for (const folder of [A.worktree, B.worktree]) {
    const other = await statusBesidesState(context, folder);
    if (other.length > 0) failures.push(`git status in ${folder} shows more than the app's state:\n${other.join('\n')}`);
    const tracked = await context.runGit(['ls-files', '--', STATE], folder);
    if (tracked.stdout !== '') failures.push(`${STATE} is tracked in ${folder}`);
  }
  const ignored = await context.runGit(['check-ignore', '-q', STATE], A.worktree);
  if (ignored.exitCode !== 0) {
    findings.push({
      kind: 'claim',
      expected: `${STATE} is gitignored runtime state (the module says so)`,
      actual: `the start snapshot does not ignore ${STATE}: git status lists it as untracked in ${A.worktree} and ${B.worktree}; the learner keeps it out of commits (commit -am, no add -A)`,
    });
  }
  return { failures, findings };
}

/** A folder is clean after its commit: nothing staged or modified, nothing untracked but the app's state. */
function cleanAfterCommit(folder: string) {
  return async (context: StepContext): Promise<string[]> => {
    const other = await statusBesidesState(context, folder);
    return other.length === 0 ? [] : [`git status in ${folder} is not clean after the commit:\n${other.join('\n')}`];
  };
}

/** Lines a branch adds to cli.py since main that name a command. */
async function addedLines(context: StepContext, branch: string): Promise<string[]> {
  const diff = await context.runGit(['diff', `${MAIN}...${branch}`, '--', CLI], REPO);
  return diff.stdout.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++'));
}

function names(line: string, command: string): boolean {
  return new RegExp(`["']${command}["']|\\|\\s*${command}\\b`).test(line);
}

/** Each branch's own diff adds its command and nothing of the other's. */
async function separateWork(context: StepContext): Promise<string[]> {
  const failures: string[] = [];
  for (const [mine, theirs] of [
    [A, B],
    [B, A],
  ] as const) {
    const lines = await addedLines(context, mine.branch);
    if (!lines.some((line) => names(line, mine.command))) failures.push(`${mine.branch} adds no ${mine.command} command to cli.py`);
    const foreign = lines.filter((line) => names(line, theirs.command));
    if (foreign.length > 0) failures.push(`${mine.branch} adds agent ${theirs.agent}'s ${theirs.command}: ${foreign.join(' / ')}`);
  }
  return failures;
}

/** With no ignore rule, `git worktree remove` refuses a folder holding tasks.json: the learner deletes that runtime state first, as git's message says. */
async function dropUnignoredState(context: StepContext): Promise<string[]> {
  for (const folder of [A.worktree, B.worktree]) {
    const ignored = await context.runGit(['check-ignore', '-q', STATE], folder);
    if (ignored.exitCode !== 0 && existsSync(context.path(`${folder}/${STATE}`))) await rm(context.path(`${folder}/${STATE}`));
  }
  return [];
}

/** The usage still names `done <index>` and now both new commands, and exits as the start's usage did. */
async function usageNamesBoth(context: StepContext): Promise<string[]> {
  const start = await runApp(context, START_EMPTY, []);
  const now = await runApp(context, REPO, []);
  const failures: string[] = [];
  if (now.exitCode !== start.exitCode) failures.push(`without a command the app exits ${now.exitCode}; at the start it exited ${start.exitCode}`);
  const text = now.stdout + now.stderr;
  for (const word of [USAGE_MARK, A.command, B.command])
    if (!text.includes(word)) failures.push(`the usage text does not name ${word}: ${JSON.stringify(text)}`);
  return failures;
}

/** The old commands, in an order that touches the same task whether the app counts from 0 or from 1. */
const OLD_COMMANDS: readonly (readonly string[])[] = [
  ['list'],
  ['add', 'write report'],
  ['add', 'review diff'],
  ['done', '1'],
  ['list'],
  ['count'],
  ['delete', '1'],
  ['list'],
];

export default defineScenario({
  name: 'lab',
  summary: 'The whole lab as a learner does it: bottleneck, two worktrees, two agents at once, two merges, cleanup.',
  steps: [
    ...startRepo(),
    ...idSteps({
      'bottleneck-branch-a': git('bottleneck: branch for agent A', REPO, ['switch', '-c', A.branch]),
      'bottleneck-edit-a': run('bottleneck: agent A edits the usage line', usageSed(A.command), { cwd: REPO }),
      'bottleneck-commit-a': git("bottleneck: commit agent A's demo", REPO, ['commit', '-am', `${A.message} (demo)`]),
      'bottleneck-back-to-main': git('bottleneck: back to main', REPO, ['switch', MAIN]),
      'bottleneck-branch-b': git('bottleneck: branch for agent B', REPO, ['switch', '-c', B.branch]),
      'bottleneck-edit-b': run('bottleneck: agent B edits the same line', usageSed(B.command), { cwd: REPO }),
      'bottleneck-switch-refused': git('bottleneck: switching back is refused', REPO, ['switch', A.branch], {
        expect: {
          exitCode: 'nonzero',
          stderr: ['Your local changes to the following files would be overwritten by checkout', CLI],
        },
      }),
      'bottleneck-restore': git("bottleneck: drop agent B's edit", REPO, ['restore', CLI]),
      'bottleneck-return': git('bottleneck: return to main', REPO, ['switch', MAIN]),
      'bottleneck-drop-branches': git('bottleneck: throw the demo branches away', REPO, ['branch', '-D', A.branch, B.branch]),

      'setup-script': labScript('create the worktrees with the lab script', REPO, 'setup-worktrees.sh', {
        expect: {
          output: [{ lab: `Preparing worktree (new branch '${A.branch}')` }, { lab: `Preparing worktree (new branch '${B.branch}')` }],
        },
      }),
      'three-worktrees-listed': check('git worktree list shows main and the two feature branches', (context) =>
        expectWorktrees(context, REPO, [
          [REPO, MAIN],
          [A.worktree, A.branch],
          [B.worktree, B.branch],
        ]),
      ),

      'app-a-add': app('worktree A: add a task', A.worktree, ['add', 'from worktree A']),
      'app-a-list': app('worktree A: list shows only its own task', A.worktree, ['list'], {
        expect: { stdout: ['from worktree A', { not: 'from worktree B' }] },
      }),
      'app-b-add': app('worktree B: add a task', B.worktree, ['add', 'from worktree B']),
      'app-b-list': app('worktree B: list shows only its own task', B.worktree, ['list'], {
        expect: { stdout: ['from worktree B', { not: 'from worktree A' }] },
      }),
      'app-a-list-again': app('worktree A: still only its own task', A.worktree, ['list'], {
        expect: { stdout: ['from worktree A', { not: 'from worktree B' }] },
      }),
      'own-tasks-json': check('each linked worktree has its own untracked tasks.json', ownState),

      'agents-at-once': parallel('agents A and B work at the same time', [
        agent('agent A adds wipe', A.command, A.worktree),
        agent('agent B adds remaining', B.command, B.worktree),
      ]),
      'agents-overlapped': check("the two agents' running windows overlapped", (context) => {
        const windows = context.result('agents-at-once')?.children?.map((child) => child.run) ?? [];
        if (windows.length !== 2 || windows.some((window) => window === undefined)) return ['the parallel step has no two process results'];
        const starts = windows.map((window) => window?.startedAt ?? 0);
        const ends = windows.map((window) => window?.endedAt ?? 0);
        return Math.max(...starts) < Math.min(...ends) ? [] : [`the agents ran one after the other: started ${starts.join(', ')}, ended ${ends.join(', ')}`];
      }),
      'commit-a': git('agent A commits on its branch', A.worktree, ['commit', '-am', A.message]),
      'commit-b': git('agent B commits on its branch', B.worktree, ['commit', '-am', B.message]),
      'clean-a': check('worktree A is clean after its commit', cleanAfterCommit(A.worktree)),
      'clean-b': check('worktree B is clean after its commit', cleanAfterCommit(B.worktree)),
      'separate-work': check("neither branch contains the other's change", separateWork),
      'wipe-in-a': app('worktree A: wipe works there', A.worktree, [A.command], { expect: { stdout: 'wiped 1 tasks' } }),
      'remaining-in-b': app('worktree B: remaining counts only its own task', B.worktree, [B.command], { expect: { stdout: '1 pending' } }),

      'merge-a': git(`merge ${A.branch} into ${MAIN} (fast-forward)`, REPO, ['merge', A.branch], { expect: { stdout: 'Fast-forward' } }),
      'merge-b-conflict': git(`merge ${B.branch}: conflict in ${CLI}`, REPO, ['merge', B.branch], {
        expect: {
          exitCode: 1,
          stdout: ['CONFLICT (content): Merge conflict in cli.py', 'Automatic merge failed; fix conflicts and then commit the result.'],
        },
      }),
    }),
    ...resolveKeepingBoth(B, { cwd: REPO }),
    ...idSteps({
      'no-markers-on-main': check('no conflict markers in any tracked file on main', async (context) => {
        const files = (await context.runGit(['ls-files'], REPO)).stdout.split('\n').filter(Boolean);
        const texts = await Promise.all(files.map(async (file) => [file, await readFile(context.path(`${REPO}/${file}`), 'utf8')] as const));
        return texts.flatMap(([file, text]) => conflictMarkers(file, text));
      }),
      'both-merged': git('both branches are in main', REPO, ['branch', '--merged', MAIN], { expect: { stdout: [A.branch, B.branch] } }),

      'copy-start-to-compare': copyStart(START_RUN),
      'copy-start-kept-empty': copyStart(START_EMPTY),
      'main-remaining-empty': app('main: remaining on an empty list', REPO, [B.command], { expect: { stdout: '0 pending' } }),
      'main-old-commands': sameAsStart('main: the old commands behave as at the start', OLD_COMMANDS, { start: START_RUN, folder: REPO }),
      // How many tasks are pending now is the app's own business (its index base, what delete removes): the grader reads it from the app's list.
      'main-remaining': app('main: remaining uses pending()', REPO, [B.command], { expect: { stdout: /^\d+ pending\n$/ } }),
      'main-wipe': app('main: wipe empties the list', REPO, [A.command], { expect: { stdout: /^wiped \d+ tasks\n$/ } }),
      'main-empty-again': check('main: the list is empty again, as the start shows an empty list', async (context) =>
        differences(['list'], await runApp(context, START_EMPTY, ['list']), await runApp(context, REPO, ['list']), REPO),
      ),
      'main-remaining-after-wipe': app('main: remaining after wipe', REPO, [B.command], { expect: { stdout: '0 pending' } }),
      'main-usage': check('main: the usage names both new commands', usageNamesBoth),
      'drop-start-copy': remove('drop the start copy', START_RUN),
      'drop-empty-start-copy': remove('drop the empty start copy', START_EMPTY),

      // What `wtlab snapshot` records before cleanup, so grading afterwards can still see both worktrees.
      'record-snapshot': check('record the evidence cleanup destroys (wtlab snapshot)', async (context) => {
        const taken = await takeSnapshot(context.path(REPO), { git: context.git, stateFile: STATE });
        const seen = taken.live.map((observation) => observation.path).sort();
        const wanted = [context.path(B.worktree), context.path(A.worktree)].sort();
        return seen.join('\n') === wanted.join('\n') ? [] : [`the snapshot saw ${seen.join(', ') || 'no linked worktree'}, expected ${wanted.join(', ')}`];
      }),
      'drop-unignored-state': check('delete tasks.json where git does not ignore it (runtime state, never committed)', dropUnignoredState),
      'cleanup-script': labScript('clean up with the lab script', REPO, 'cleanup-worktrees.sh'),
      'only-main-left': check('only the main worktree is left', (context) => expectWorktrees(context, REPO, [[REPO, MAIN]])),
      'no-worktree-records': check('no records left in .git/worktrees', (context) => expectEmptyFolder(context, `${REPO}/.git/worktrees`)),
      // Taken again after cleanup, the record shows both: the worktrees seen before, and none left now; committed, it travels with a push.
      'record-cleanup': check(`record the cleanup too and keep what the first snapshot saw (${RECORD_FILE})`, async (context) => {
        const taken = await takeSnapshot(context.path(REPO), { git: context.git, stateFile: STATE });
        return taken.live.length === 0 && taken.kept === 2
          ? []
          : [`the second snapshot saw ${taken.live.length} live worktree(s) and kept ${taken.kept}, expected 0 and 2`];
      }),
      'stage-record': git('stage the record', REPO, ['add', RECORD_FILE]),
      'commit-record': git('commit the record on main', REPO, ['commit', '-m', 'Record the worktrees']),
      'siblings-gone': check('the sibling folders are gone', (context) => expectAbsent(context, [A.worktree, B.worktree])),

      // The quiz, answered as `wtlab quiz` writes it, with the answers the concepts proofs show on this git.
      'answer-quiz': check(`answer the worktree quiz into ${QUIZ_FILE} with what git proves`, async (context) => {
        const key = await deriveAnswerKey(context.git, { quiz: labQuiz });
        await writeFile(context.path(`${REPO}/${QUIZ_FILE}`), formatQuizFile(key.answers, labQuiz.items));
        return [];
      }),
      'stage-quiz': git('stage the quiz answers', REPO, ['add', QUIZ_FILE]),
      'commit-quiz': git('commit the quiz answers on main', REPO, ['commit', '-m', 'Answer the worktree quiz']),
      'quiz-right': check('the committed quiz answers are all right', async (context) => {
        const committed = await context.runGit(['show', `${MAIN}:${QUIZ_FILE}`], REPO);
        if (committed.exitCode !== 0) return [`${QUIZ_FILE} is not committed on main: ${committed.stderr.trim()}`];
        const checks = gradeQuizAnswers(committed.stdout, await deriveAnswerKey(context.git, { quiz: labQuiz }), labQuiz);
        return checks.filter((result) => result.status !== 'pass').map((result) => `${result.id}: ${result.message}`);
      }),
    }),
  ],
});
