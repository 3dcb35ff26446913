import type { CriterionResult, GradeReport } from '../../../src/grade/report-types.js';

const GOLDEN_GRAPH = [
  "*   e41c9a7 (HEAD -> main) Merge branch 'feature/remaining'",
  '|\\  ',
  '| * 7b20d5e (feature/remaining) Add remaining command',
  '* | 3f9a1c2 (feature/wipe) Add wipe command',
  '|/  ',
  '* 1d04e8b Start tasks app',
].join('\n');

const criteria: readonly CriterionResult[] = [
  {
    id: 'three-worktrees',
    title: 'Three worktrees at once',
    status: 'pass',
    points: 20,
    maxPoints: 20,
    checks: [
      {
        id: 'linked-worktrees-existed',
        status: 'pass',
        message: 'Two linked worktrees existed next to the main one.',
        evidence: 'worktrees: tasks-app-wipe (feature/wipe), tasks-app-remaining (feature/remaining)',
      },
      { id: 'own-branch-each', status: 'pass', message: 'Each linked worktree had its own branch checked out.' },
      {
        id: 'app-run-in-each',
        status: 'pass',
        message: 'The app ran in both linked worktrees and each kept its own tasks.json.',
        evidence: 'tasks.json untracked in tasks-app-wipe and tasks-app-remaining',
      },
    ],
  },
  {
    id: 'parallel-agents',
    title: 'Two agents in parallel',
    status: 'pass',
    points: 20,
    maxPoints: 20,
    checks: [
      {
        id: 'same-base',
        status: 'pass',
        message: 'Both feature branches fork from the same commit.',
        evidence: 'merge-base feature/wipe feature/remaining = 1d04e8b',
      },
      {
        id: 'committed-in-linked-worktree',
        status: 'pass',
        message: 'Each feature commit was made in its own linked worktree.',
        evidence: 'logs/HEAD of tasks-app-wipe: commit: Add wipe command',
      },
      { id: 'features-kept-apart', status: 'pass', message: 'Neither branch touches the other feature.' },
      { id: 'no-runtime-state', status: 'pass', message: 'No tasks.json is committed.' },
    ],
  },
  {
    id: 'merged',
    title: 'Both features merged',
    status: 'pass',
    points: 20,
    maxPoints: 20,
    checks: [
      { id: 'wipe-in-main', status: 'pass', message: '`feature/wipe` is in `main`.', evidence: 'merge feature/wipe: Fast-forward' },
      { id: 'remaining-in-main', status: 'pass', message: '`feature/remaining` is in `main`.', evidence: "commit (merge): Merge branch 'feature/remaining'" },
      { id: 'no-conflict-markers', status: 'pass', message: 'No conflict markers are left in the tracked files.' },
      {
        id: 'commands-work',
        status: 'pass',
        message: '`wipe` and `remaining` work on `main` next to the old commands.',
        evidence: '$ python3 cli.py remaining\n0 pending',
      },
    ],
  },
  {
    id: 'cleaned-up',
    title: 'Cleaned up',
    status: 'pass',
    points: 20,
    maxPoints: 20,
    checks: [
      { id: 'only-main-worktree', status: 'pass', message: 'Only the main worktree is left.' },
      { id: 'no-stale-records', status: 'pass', message: 'No stale records remain under .git/worktrees.' },
      { id: 'no-stray-folders', status: 'pass', message: 'No sibling worktree folders are left behind.' },
    ],
  },
  {
    id: 'concepts',
    title: 'What worktrees share',
    status: 'pass',
    points: 20,
    maxPoints: 20,
    checks: [{ id: 'quiz-answers', status: 'pass', message: 'All 10 quiz answers are right.', evidence: 'worktree-quiz.json: 10/10' }],
  },
];

/** A learner who did the whole lab: 100/100. */
export const goldenReport: GradeReport = {
  schemaVersion: 1,
  submission: 'submissions/ada/tasks-app',
  git: '2.39.5',
  stage: 'cleaned',
  nextStep: 'The lab is done.',
  score: 100,
  maxScore: 100,
  criteria,
  graph: GOLDEN_GRAPH,
  durationMs: 2400,
};

/** A learner stuck in the second merge: conflict marker at cli.py:31, a skip with its reason, and a grader error. */
export const failingReport: GradeReport = {
  schemaVersion: 1,
  submission: 'submissions/bob/tasks-app',
  git: '2.39.5',
  stage: 'merging',
  nextStep: 'Resolve the conflict in cli.py, then run `git add cli.py && git commit`.',
  score: 40,
  maxScore: 100,
  criteria: [
    criteria[0]!,
    criteria[1]!,
    {
      id: 'merged',
      title: 'Both features merged',
      status: 'fail',
      points: 0,
      maxPoints: 20,
      checks: [
        { id: 'wipe-in-main', status: 'pass', message: '`feature/wipe` is in `main`.', evidence: 'merge feature/wipe: Fast-forward' },
        {
          id: 'remaining-in-main',
          status: 'fail',
          message: '`feature/remaining` is not in `main`: the merge is still in progress.',
          evidence: 'MERGE_HEAD = 7b20d5e (feature/remaining)',
          hint: 'Finish the merge. Run: `git add cli.py && git commit`',
        },
        {
          id: 'no-conflict-markers',
          status: 'fail',
          message: 'cli.py still has a conflict marker at line 31.',
          evidence: 'cli.py:31: <<<<<<< HEAD',
          hint: 'Keep both commands, delete the marker lines, then run: `git add cli.py`',
          location: { file: 'cli.py', line: 31 },
        },
        {
          id: 'commands-work',
          status: 'fail',
          message: '`python3 cli.py remaining` prints the usage text instead of a count.',
          evidence: '$ python3 cli.py remaining\nusage: cli.py add|list|done|wipe',
          hint: 'Add the `remaining` branch to the command dispatch in cli.py. Run: `python3 cli.py remaining`',
          location: { file: 'cli.py' },
        },
      ],
    },
    {
      id: 'cleaned-up',
      title: 'Cleaned up',
      status: 'skip',
      points: 0,
      maxPoints: 20,
      checks: [
        {
          id: 'only-main-worktree',
          status: 'skip',
          message: 'Skipped: cleanup is graded after both merges are done.',
          hint: 'Finish the merge, then run: `git worktree remove ../tasks-app-wipe`',
        },
      ],
    },
    {
      id: 'concepts',
      title: 'What worktrees share',
      status: 'error',
      points: 0,
      maxPoints: 20,
      checks: [
        {
          id: 'quiz-answers',
          status: 'error',
          message: 'wtlab could not read worktree-quiz.json: Unexpected token } in JSON at position 41.',
          hint: 'This is a wtlab problem, not yours. Run: `wtlab quiz` to write the answers file again.',
          location: { file: 'worktree-quiz.json' },
        },
      ],
    },
  ],
  graph: [
    '* 3f9a1c2 (HEAD -> main, feature/wipe) Add wipe command',
    '| * 7b20d5e (feature/remaining) Add remaining command',
    '|/  ',
    '* 1d04e8b Start tasks app',
  ].join('\n'),
  durationMs: 1800,
};

/** Text that breaks GitHub workflow commands unless escaped: `%`, CR, LF, `:` and `,`. */
export const awkwardReport: GradeReport = {
  schemaVersion: 1,
  submission: 'weird',
  git: '2.39.5',
  stage: 'merged',
  score: 0,
  maxScore: 20,
  criteria: [
    {
      id: 'merged',
      title: 'Both features merged',
      status: 'fail',
      points: 0,
      maxPoints: 20,
      checks: [
        {
          id: 'no-conflict-markers',
          status: 'fail',
          message: '100% wrong: line one,\r\nline two',
          location: { file: 'src/a,b:c.py', line: 7 },
        },
      ],
    },
  ],
};
