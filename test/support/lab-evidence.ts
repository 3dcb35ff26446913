import type { AppCommandRun, CommitInfo, Evidence, ReflogEntry } from '../../src/evidence/types.js';
import type { AnswerKey } from '../../src/quiz/types.js';
import { quizItems } from '../../graders/quiz/index.js';
import { formatQuizFile } from '../../src/quiz/quiz-file.js';

/** Hand-made hashes: one letter repeated, so tests read as a story. */
export const H = { start: 'a'.repeat(40), wipe: 'b'.repeat(40), remaining: 'c'.repeat(40), merge: 'd'.repeat(40), quiz: 'e'.repeat(40) } as const;
export const ZERO = '0'.repeat(40);

const START_CLI = 'USAGE = "usage: python3 cli.py add <title> | list | done <index> | count | delete <index>"\n';
const MAIN_CLI = 'USAGE = "usage: python3 cli.py add <title> | list | done <index> | wipe | remaining | count | delete <index>"\n        elif command == "wipe":\n        elif command == "remaining":\n';

/** A commit with sensible defaults. */
export function commit(options: { readonly hash: string; readonly parents: readonly string[]; readonly time: number; readonly subject: string; readonly added?: readonly string[]; readonly files?: CommitInfo['files'] }): CommitInfo {
  const { hash, parents, time, subject, added = [], files = [] } = options;
  return { hash, parents, authorTime: time, commitTime: time, subject, files, added, removed: [] };
}

/** A reflog entry; the action is the message up to its colon. */
export function entry(old: string, now: string, time: number, message: string): ReflogEntry {
  const colon = message.indexOf(':');
  return { old, new: now, time, message, action: colon === -1 ? message : message.slice(0, colon) };
}

/** What the app prints on a main that has both features. */
export function workingApp(): AppCommandRun[] {
  const run = (name: string, args: string[], stdout: string, exitCode = 0): AppCommandRun => ({ name, args, exitCode, stdout, stderr: '', timedOut: false });
  return [
    run('usage', [], `${MAIN_CLI.split('\n')[0]?.slice(9, -1)}\n`, 2),
    run('list-empty', ['list'], '(no tasks yet)\n'),
    run('add', ['add', 'write report'], 'added: write report\n'),
    run('add-second', ['add', 'review diff'], 'added: review diff\n'),
    run('done', ['done', '1'], 'done: 1\n'),
    run('list', ['list'], '1. [x] write report\n2. [ ] review diff\n'),
    run('count', ['count'], '2 tasks\n'),
    run('remaining', ['remaining'], '1 pending\n'),
    run('delete', ['delete', '2'], 'deleted: review diff\n'),
    run('wipe', ['wipe'], 'wiped 1 tasks\n'),
    run('list-after-wipe', ['list'], '(no tasks yet)\n'),
    run('remaining-after-wipe', ['remaining'], '0 pending\n'),
  ];
}

/** A quiz key over the real item ids, every answer `shared` (hand-made: tests only need it consistent). */
export function handKey(): AnswerKey {
  return { schemaVersion: 1, git: '2.39.5', itemsDigest: 'hand-made', derivedAt: '2026-01-01T00:00:00Z', answers: Object.fromEntries(quizItems.map((item) => [item.id, 'shared'])), proofs: [] };
}

/** Evidence of a finished, cleaned-up lab in a learner's folder: every criterion passes on it. */
export function finishedLab(): Evidence {
  const key = handKey();
  const quiz = formatQuizFile(key.answers, quizItems);
  return {
    schemaVersion: 1,
    submission: { kind: 'folder', source: '/home/learner/tasks-app', localRecords: true, siblingFolders: true },
    git: '2.39.5',
    mainBranch: 'main',
    head: { branch: 'main', commit: H.quiz },
    branches: [
      { name: 'feature/remaining', tip: H.remaining },
      { name: 'feature/wipe', tip: H.wipe },
      { name: 'main', tip: H.quiz },
    ],
    commits: [
      commit({ hash: H.quiz, parents: [H.merge], time: 600, subject: 'Answer the worktree quiz', added: ['{'], files: [{ status: 'A', path: 'worktree-quiz.json' }] }),
      commit({ hash: H.merge, parents: [H.wipe, H.remaining], time: 500, subject: "Merge branch 'feature/remaining'" }),
      commit({ hash: H.remaining, parents: [H.start], time: 310, subject: 'Add remaining command', added: ['        elif command == "remaining":'], files: [{ status: 'M', path: 'cli.py' }] }),
      commit({ hash: H.wipe, parents: [H.start], time: 300, subject: 'Add wipe command', added: ['        elif command == "wipe":', '    def wipe(self):'], files: [{ status: 'M', path: 'cli.py' }, { status: 'M', path: 'tasks.py' }] }),
      commit({ hash: H.start, parents: [], time: 100, subject: 'start: module 7', added: ['tasks.json'], files: [{ status: 'A', path: '.gitignore' }, { status: 'A', path: 'cli.py' }] }),
    ],
    files: [
      { ref: 'feature/remaining', commit: H.remaining, files: { 'cli.py': START_CLI, 'tasks.py': '', 'worktree-quiz.json': null } },
      { ref: 'feature/wipe', commit: H.wipe, files: { 'cli.py': START_CLI, 'tasks.py': '', 'worktree-quiz.json': null } },
      { ref: 'main', commit: H.quiz, files: { 'cli.py': MAIN_CLI, 'tasks.py': '', 'worktree-quiz.json': quiz } },
    ],
    mainTracked: ['.gitignore', 'cli.py', 'tasks.py', 'worktree-quiz.json'],
    conflictMarkers: [],
    quiz: { committed: quiz, workingTree: quiz },
    quizKey: key,
    app: { ran: true, runs: workingApp() },
    local: {
      mainWorktree: '/home/learner/tasks-app',
      worktrees: [],
      linked: [],
      siblings: [],
      mergeHead: undefined,
      headReflogs: [
        {
          ref: 'HEAD',
          owner: 'main',
          entries: [
            entry(ZERO, H.start, 100, 'commit (initial): start: module 7'),
            entry(H.start, H.wipe, 400, 'merge feature/wipe: Fast-forward'),
            entry(H.wipe, H.merge, 500, 'commit (merge): Merge branch \'feature/remaining\''),
            entry(H.merge, H.quiz, 600, 'commit: Answer the worktree quiz'),
          ],
        },
      ],
      branchReflogs: [
        { ref: 'refs/heads/feature/remaining', owner: 'feature/remaining', entries: [entry(ZERO, H.start, 201, 'branch: Created from HEAD'), entry(H.start, H.remaining, 310, 'commit: Add remaining command')] },
        { ref: 'refs/heads/feature/wipe', owner: 'feature/wipe', entries: [entry(ZERO, H.start, 200, 'branch: Created from HEAD'), entry(H.start, H.wipe, 300, 'commit: Add wipe command')] },
      ],
      mainUncommitted: [],
    },
    graph: '',
  };
}
