import { appScript } from '../../graders/lab.js';
import type { AppCommandRun, CommitInfo, Evidence, Reflog, ReflogEntry } from '../../src/evidence/types.js';
import type { AnswerKey } from '../../src/quiz/types.js';
import { quizItems } from '../../graders/quiz/index.js';
import { formatQuizFile } from '../../src/quiz/quiz-file.js';

/** Hand-made hashes: one letter repeated, so tests read as a story. */
export const H = { start: 'a'.repeat(40), wipe: 'b'.repeat(40), remaining: 'c'.repeat(40), merge: 'd'.repeat(40), quiz: 'e'.repeat(40) } as const;
export const ZERO = '0'.repeat(40);

const START_CLI = 'USAGE = "usage: python3 cli.py add <title> | list | done <index> | count | delete <index>"\n';
const MAIN_CLI =
  'USAGE = "usage: python3 cli.py add <title> | list | done <index> | wipe | remaining | count | delete <index>"\n        elif command == "wipe":\n        elif command == "remaining":\n';

/** git's empty tree id: what a commit built here holds, as graders never read trees. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** A commit with sensible defaults. */
export function commit(
  hash: string,
  parents: readonly string[],
  time: number,
  subject: string,
  added: readonly string[] = [],
  files: CommitInfo['files'] = [],
): CommitInfo {
  return { hash, tree: EMPTY_TREE, parents, authorTime: time, commitTime: time, subject, files, added, removed: [] };
}

/** A reflog entry; the action is the message up to its colon. */
export function entry(old: string, now: string, time: number, message: string): ReflogEntry {
  const colon = message.indexOf(':');
  return { old, new: now, time, message, action: colon === -1 ? message : message.slice(0, colon) };
}

/**
 * What our fixture's app prints for the lab's script (graders/lab.ts), modelled in TypeScript: the
 * start (no new commands) or a main that has both features.
 */
export function simulatedApp(features: boolean): AppCommandRun[] {
  const items: { title: string; done: boolean }[] = [];
  const usage = features ? MAIN_CLI.split('\n')[0]?.slice(9, -1) : START_CLI.split('\n')[0]?.slice(9, -1);
  const respond = (args: readonly string[]): { stdout: string; stderr?: string; exitCode?: number } => {
    const [command, argument] = args;
    const at = Number(argument);
    const valid = argument !== undefined && /^\d+$/.test(argument) && at >= 1 && at <= items.length;
    switch (command) {
      case undefined:
        return { stdout: `${usage}\n`, exitCode: 2 };
      case 'add':
        items.push({ title: argument ?? '', done: false });
        return { stdout: `added: ${argument}\n` };
      case 'list':
        return {
          stdout: items.length === 0 ? '(no tasks yet)\n' : items.map((item, index) => `${index + 1}. [${item.done ? 'x' : ' '}] ${item.title}\n`).join(''),
        };
      case 'done':
        if (!valid) return { stdout: '', stderr: `error: no task number ${argument}\n`, exitCode: 1 };
        (items[at - 1] as { done: boolean }).done = true;
        return { stdout: `done: ${argument}\n` };
      case 'count':
        return { stdout: `${items.length} tasks\n` };
      case 'delete': {
        if (!valid) return { stdout: '', stderr: `error: no task number ${argument}\n`, exitCode: 1 };
        const [removed] = items.splice(at - 1, 1);
        return { stdout: `deleted: ${removed?.title}\n` };
      }
      case 'wipe':
        if (!features) break;
        return { stdout: `wiped ${items.splice(0).length} tasks\n` };
      case 'remaining':
        if (!features) break;
        return { stdout: `${items.filter((item) => !item.done).length} pending\n` };
    }
    return { stdout: '', stderr: `${usage}\n`, exitCode: 2 };
  };
  return appScript({ ran: false, runs: [] }).map((step) => {
    const answer = respond(step.args);
    return { name: step.name, args: step.args, exitCode: answer.exitCode ?? 0, stdout: answer.stdout, stderr: answer.stderr ?? '', timedOut: false };
  });
}

/** What the app prints on a main that has both features. */
export function workingApp(): AppCommandRun[] {
  return simulatedApp(true);
}

/** A quiz key over the real item ids, every answer `shared` (hand-made: tests only need it consistent). */
export function handKey(): AnswerKey {
  return {
    schemaVersion: 1,
    git: '2.39.5',
    itemsDigest: 'hand-made',
    derivedAt: '2026-01-01T00:00:00Z',
    answers: Object.fromEntries(quizItems.map((item) => [item.id, 'shared'])),
    proofs: [],
  };
}

/** Evidence of a finished, cleaned-up lab in a learner's folder: every criterion passes on it. */
/** When a feature branch was created (and from what, as its reflog says) and got its commit, in Unix seconds. */
export interface BranchTimes {
  readonly created: number;
  readonly committed: number;
  /** @default 'HEAD' */
  readonly from?: string;
}

/** The two feature branches' reflogs (remaining, then wipe), each created from the start and given its feature commit. */
export function featureReflogs(times: { readonly wipe: BranchTimes; readonly remaining: BranchTimes }): Reflog[] {
  const log = (branch: 'wipe' | 'remaining', tip: string, subject: string): Reflog => ({
    ref: `refs/heads/feature/${branch}`,
    owner: `feature/${branch}`,
    entries: [
      entry(ZERO, H.start, times[branch].created, `branch: Created from ${times[branch].from ?? 'HEAD'}`),
      entry(H.start, tip, times[branch].committed, `commit: ${subject}`),
    ],
  });
  return [log('remaining', H.remaining, 'Add remaining command'), log('wipe', H.wipe, 'Add wipe command')];
}

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
      commit(H.quiz, [H.merge], 600, 'Answer the worktree quiz', ['{'], [{ status: 'A', path: 'worktree-quiz.json' }]),
      commit(H.merge, [H.wipe, H.remaining], 500, "Merge branch 'feature/remaining'"),
      commit(H.remaining, [H.start], 310, 'Add remaining command', ['        elif command == "remaining":'], [{ status: 'M', path: 'cli.py' }]),
      commit(
        H.wipe,
        [H.start],
        300,
        'Add wipe command',
        ['        elif command == "wipe":', '    def wipe(self):'],
        [
          { status: 'M', path: 'cli.py' },
          { status: 'M', path: 'tasks.py' },
        ],
      ),
      commit(
        H.start,
        [],
        100,
        'start: module 7',
        ['tasks.json'],
        [
          { status: 'A', path: '.gitignore' },
          { status: 'A', path: 'cli.py' },
        ],
      ),
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
    start: { commit: H.start, probe: { ran: true, runs: simulatedApp(false).slice(0, 1) }, app: { ran: true, runs: simulatedApp(false) } },
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
            entry(H.wipe, H.merge, 500, "commit (merge): Merge branch 'feature/remaining'"),
            entry(H.merge, H.quiz, 600, 'commit: Answer the worktree quiz'),
          ],
        },
      ],
      branchReflogs: featureReflogs({ wipe: { created: 200, committed: 300 }, remaining: { created: 201, committed: 310 } }),
      mainUncommitted: [],
    },
    graph: '',
  };
}
