import { readFile, writeFile } from 'node:fs/promises';
import { loadAgentPlan } from '../src/lab/agent-plan.js';
import { deriveAnswerKey } from '../src/quiz/derive-answer-key.js';
import { gradeQuizAnswers } from '../src/quiz/grade-quiz.js';
import { RECORD_FILE } from '../src/record/record-file.js';
import { takeSnapshot } from '../src/snapshot/take-snapshot.js';
import { formatQuizFile, QUIZ_FILE } from '../src/quiz/quiz-file.js';
import { defineScenario } from '../src/scenario/define-scenario.js';
import { agent, app, check, copyStart, git, labScript, parallel, run } from '../src/scenario/steps.js';
import { conflictMarkers, expectAbsent, expectEmptyFolder, expectPresent } from './support/files.js';
import { resolveKeepingBoth } from './support/merge-steps.js';
import { expectWorktrees } from './support/worktree-list.js';

const A = loadAgentPlan('wipe');
const B = loadAgentPlan('remaining');
const REPO = 'tasks-app';

/** The sed edit the module uses to touch the usage line on a demo branch. */
function usageSed(command: string): readonly string[] {
  return ['sh', '-c', `sed 's/done <index>/done <index> | ${command}/' cli.py > cli.tmp && mv cli.tmp cli.py`];
}

export default defineScenario({
  name: 'lab',
  summary: 'The whole lab as a learner does it: bottleneck, two worktrees, two agents at once, two merges, cleanup.',
  steps: [
    copyStart(REPO),
    git('init the repo on main', REPO, ['init', '-b', 'main']),
    git('stage the snapshot', REPO, ['add', '-A']),
    git('first commit', REPO, ['commit', '-m', 'start: module 7']),

    git('bottleneck: branch for agent A', REPO, ['switch', '-c', 'feature/wipe']),
    run('bottleneck: agent A edits the usage line', usageSed('wipe'), { cwd: REPO }),
    git('bottleneck: commit agent A\'s demo', REPO, ['commit', '-am', 'Add wipe command (demo)']),
    git('bottleneck: back to main', REPO, ['switch', 'main']),
    git('bottleneck: branch for agent B', REPO, ['switch', '-c', 'feature/remaining']),
    run('bottleneck: agent B edits the same line', usageSed('remaining'), { cwd: REPO }),
    git('bottleneck: switching back is refused', REPO, ['switch', 'feature/wipe'], {
      exitCode: 'nonzero',
      stderr: ['Your local changes to the following files would be overwritten by checkout', 'cli.py'],
    }),
    git('bottleneck: drop agent B\'s edit', REPO, ['restore', 'cli.py']),
    git('bottleneck: return to main', REPO, ['switch', 'main']),
    git('bottleneck: throw the demo branches away', REPO, ['branch', '-D', 'feature/wipe', 'feature/remaining']),

    labScript('create the worktrees with the lab script', REPO, 'setup-worktrees.sh', [], {
      output: [{ lab: "Preparing worktree (new branch 'feature/wipe')" }, { lab: "Preparing worktree (new branch 'feature/remaining')" }],
    }),
    check('git worktree list shows main and the two feature branches', (context) =>
      expectWorktrees(context, REPO, [[REPO, 'main'], [A.worktree, A.branch], [B.worktree, B.branch]]),
    ),

    app('worktree A: add a task', A.worktree, ['add', 'from worktree A'], { stdout: 'added: from worktree A' }),
    app('worktree A: list shows only its own task', A.worktree, ['list'], { stdout: ['from worktree A', { not: 'from worktree B' }] }),
    app('worktree B: add a task', B.worktree, ['add', 'from worktree B'], { stdout: 'added: from worktree B' }),
    app('worktree B: list shows only its own task', B.worktree, ['list'], { stdout: ['from worktree B', { not: 'from worktree A' }] }),
    app('worktree A: still only its own task', A.worktree, ['list'], { stdout: ['from worktree A', { not: 'from worktree B' }] }),
    check('each linked worktree has its own untracked tasks.json', async (context) => {
      const failures = [...expectPresent(context, [`${A.worktree}/tasks.json`, `${B.worktree}/tasks.json`]), ...expectAbsent(context, [`${REPO}/tasks.json`])];
      for (const folder of [A.worktree, B.worktree]) {
        const status = await context.runGit(['status', '--porcelain'], folder);
        if (status.stdout !== '') failures.push(`git status in ${folder} is not clean:\n${status.stdout}`);
        const tracked = await context.runGit(['ls-files', '--', 'tasks.json'], folder);
        if (tracked.stdout !== '') failures.push(`tasks.json is tracked in ${folder}`);
      }
      return failures;
    }),

    parallel('agents A and B work at the same time', [agent('agent A adds wipe', 'wipe', A.worktree), agent('agent B adds remaining', 'remaining', B.worktree)]),
    check('the two agents\' running windows overlapped', (context) => {
      const windows = context.result('agents A and B work at the same time')?.children?.map((child) => child.run) ?? [];
      if (windows.length !== 2 || windows.some((window) => window === undefined)) return ['the parallel step has no two process results'];
      const starts = windows.map((window) => window?.startedAt ?? 0);
      const ends = windows.map((window) => window?.endedAt ?? 0);
      return Math.max(...starts) < Math.min(...ends) ? [] : [`the agents ran one after the other: started ${starts.join(', ')}, ended ${ends.join(', ')}`];
    }),
    git('agent A commits on its branch', A.worktree, ['commit', '-am', A.message]),
    git('agent B commits on its branch', B.worktree, ['commit', '-am', B.message]),
    git('worktree A is clean after its commit', A.worktree, ['status', '--porcelain'], { stdout: { equals: '' } }),
    git('worktree B is clean after its commit', B.worktree, ['status', '--porcelain'], { stdout: { equals: '' } }),
    check('neither branch contains the other\'s change', async (context) => {
      const failures: string[] = [];
      const wipeCli = await context.runGit(['show', `${A.branch}:cli.py`], REPO);
      const remainingCli = await context.runGit(['show', `${B.branch}:cli.py`], REPO);
      if (!wipeCli.stdout.includes('"wipe"')) failures.push(`${A.branch} has no wipe command`);
      if (wipeCli.stdout.includes('remaining')) failures.push(`${A.branch} contains agent B's remaining command`);
      if (!remainingCli.stdout.includes('"remaining"')) failures.push(`${B.branch} has no remaining command`);
      if (remainingCli.stdout.includes('wipe')) failures.push(`${B.branch} contains agent A's wipe command`);
      return failures;
    }),
    app('worktree A: wipe works there', A.worktree, ['wipe'], { stdout: 'wiped 1 tasks' }),
    app('worktree B: remaining counts only its own task', B.worktree, ['remaining'], { stdout: '1 pending' }),

    git('merge feature/wipe into main (fast-forward)', REPO, ['merge', A.branch], { stdout: 'Fast-forward' }),
    git('merge feature/remaining: conflict in cli.py', REPO, ['merge', B.branch], {
      exitCode: 1,
      stdout: ['CONFLICT (content): Merge conflict in cli.py', 'Automatic merge failed; fix conflicts and then commit the result.'],
    }),
    ...resolveKeepingBoth(B, { cwd: REPO }),
    check('no conflict markers in any tracked file on main', async (context) => {
      const files = (await context.runGit(['ls-files'], REPO)).stdout.split('\n').filter(Boolean);
      const texts = await Promise.all(files.map(async (file) => [file, await readFile(context.path(`${REPO}/${file}`), 'utf8')] as const));
      return texts.flatMap(([file, text]) => conflictMarkers(file, text));
    }),
    git('both branches are in main', REPO, ['branch', '--merged', 'main'], { stdout: [A.branch, B.branch] }),

    app('main: the list starts empty', REPO, ['list'], { stdout: '(no tasks yet)' }),
    app('main: add', REPO, ['add', 'write report'], { stdout: 'added: write report' }),
    app('main: add another', REPO, ['add', 'review diff'], { stdout: 'added: review diff' }),
    app('main: done', REPO, ['done', '1'], { stdout: 'done: 1' }),
    app('main: list marks the done task', REPO, ['list'], { stdout: ['1. [x] write report', '2. [ ] review diff'] }),
    app('main: count', REPO, ['count'], { stdout: '2 tasks' }),
    app('main: remaining uses pending()', REPO, ['remaining'], { stdout: '1 pending' }),
    app('main: delete', REPO, ['delete', '2'], { stdout: 'deleted: review diff' }),
    app('main: wipe empties the list', REPO, ['wipe'], { stdout: 'wiped 1 tasks' }),
    app('main: the list is empty again', REPO, ['list'], { stdout: '(no tasks yet)' }),
    app('main: remaining on an empty list', REPO, ['remaining'], { stdout: '0 pending' }),
    app('main: the usage line names both new commands', REPO, [], { exitCode: 2, stdout: ['done <index>', 'wipe', 'remaining'] }),

    // What `wtlab snapshot` records before cleanup, so grading afterwards can still see both worktrees.
    check('record the evidence cleanup destroys (wtlab snapshot)', async (context) => {
      const taken = await takeSnapshot(context.path(REPO), { git: context.git });
      const seen = taken.live.map((observation) => observation.path).sort();
      const wanted = [context.path(B.worktree), context.path(A.worktree)].sort();
      return seen.join('\n') === wanted.join('\n') ? [] : [`the snapshot saw ${seen.join(', ') || 'no linked worktree'}, expected ${wanted.join(', ')}`];
    }),
    labScript('clean up with the lab script', REPO, 'cleanup-worktrees.sh'),
    check('only the main worktree is left', (context) => expectWorktrees(context, REPO, [[REPO, 'main']])),
    check('no records left in .git/worktrees', (context) => expectEmptyFolder(context, `${REPO}/.git/worktrees`)),
    // Taken again after cleanup, the record shows both: the worktrees seen before, and none left now; committed, it travels with a push.
    check(`record the cleanup too and keep what the first snapshot saw (${RECORD_FILE})`, async (context) => {
      const taken = await takeSnapshot(context.path(REPO), { git: context.git });
      return taken.live.length === 0 && taken.kept === 2 ? [] : [`the second snapshot saw ${taken.live.length} live worktree(s) and kept ${taken.kept}, expected 0 and 2`];
    }),
    git('stage the record', REPO, ['add', RECORD_FILE]),
    git('commit the record on main', REPO, ['commit', '-m', 'Record the worktrees']),
    check('the sibling folders are gone', (context) => expectAbsent(context, [A.worktree, B.worktree])),

    // The quiz, answered as `wtlab quiz` writes it, with the answers the concepts proofs show on this git.
    check(`answer the worktree quiz into ${QUIZ_FILE} with what git proves`, async (context) => {
      const key = await deriveAnswerKey(context.git);
      await writeFile(context.path(`${REPO}/${QUIZ_FILE}`), formatQuizFile(key.answers));
      return [];
    }),
    git('stage the quiz answers', REPO, ['add', QUIZ_FILE]),
    git('commit the quiz answers on main', REPO, ['commit', '-m', 'Answer the worktree quiz']),
    check('the committed quiz answers are all right', async (context) => {
      const committed = await context.runGit(['show', `main:${QUIZ_FILE}`], REPO);
      if (committed.exitCode !== 0) return [`${QUIZ_FILE} is not committed on main: ${committed.stderr.trim()}`];
      const checks = gradeQuizAnswers(committed.stdout, await deriveAnswerKey(context.git));
      return checks.filter((result) => result.status !== 'pass').map((result) => `${result.id}: ${result.message}`);
    }),
  ],
});
