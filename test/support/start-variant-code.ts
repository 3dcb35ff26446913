import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLabDir } from '../../src/lab/lab-folder.js';
import { fixturesDir } from '../../src/paths/package-root.js';

/**
 * What the two agents add to each start snapshot, written by hand per variant (test data: the
 * graders must not know any of it). An insertion goes right before the first line holding `before`.
 */
export interface Insert {
  readonly file: 'cli.py' | 'tasks.py';
  readonly before: string;
  readonly text: string;
}

/** A text replacement (the first `find` becomes `replace`). */
export interface Replace {
  readonly file: 'cli.py' | 'tasks.py';
  readonly find: string;
  readonly replace: string;
}

export interface VariantCode {
  /** The start snapshot's folder. */
  readonly start: string;
  readonly wipe: readonly Insert[];
  readonly remaining: readonly Insert[];
  /** A wrong `remaining` that counts the done tasks. */
  readonly remainingCountsDone: readonly Insert[];
  /** A wrong `wipe` that confirms but leaves every task there. */
  readonly wipeLeavesTasks: readonly Insert[];
  /** Breaks `done` the way a bad conflict resolution might: its dispatch entry renamed. */
  readonly doneBroken: Replace;
  /** Whether the start ignores tasks.json and __pycache__/ (else cleanup must delete them before git worktree remove). */
  readonly ignoresRuntime: boolean;
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/** A dispatch branch in an if/elif chain at `indent`, on `variable`. */
function branch(indent: string, variable: string, command: string, body: readonly string[]): string {
  return lines(`${indent}elif ${variable} == "${command}":`, ...body.map((line) => `${indent}    ${line}`));
}

function ifElif(
  indent: string,
  variable: string,
  bodies: { wipe: string[]; remaining: string[]; remainingWrong: string[]; wipeWrong: string[] },
  method: string,
): Omit<VariantCode, 'start' | 'ignoresRuntime'> {
  const anchor = `${indent}elif ${variable} == "count":`;
  const wipeMethod: Insert = { file: 'tasks.py', before: '    def pending(self):', text: method };
  return {
    wipe: [wipeMethod, { file: 'cli.py', before: anchor, text: branch(indent, variable, 'wipe', bodies.wipe) }],
    remaining: [{ file: 'cli.py', before: anchor, text: branch(indent, variable, 'remaining', bodies.remaining) }],
    remainingCountsDone: [{ file: 'cli.py', before: anchor, text: branch(indent, variable, 'remaining', bodies.remainingWrong) }],
    wipeLeavesTasks: [wipeMethod, { file: 'cli.py', before: anchor, text: branch(indent, variable, 'wipe', bodies.wipeWrong) }],
    doneBroken: { file: 'cli.py', find: `${indent}elif ${variable} == "done":`, replace: `${indent}elif ${variable} == "finish":` },
  };
}

const STARTS = join(fixturesDir(), 'starts');

/** Every start snapshot we test on: our lab's own and each one in fixtures/starts. */
export const VARIANT_CODE: Readonly<Record<string, VariantCode>> = {
  lab: {
    start: join(defaultLabDir(), 'start'),
    ignoresRuntime: true,
    ...ifElif(
      '        ',
      'command',
      {
        wipe: ['removed = tasks.wipe()', 'tasks.save()', 'print(f"wiped {removed} tasks")'],
        remaining: ['print(f"{len(tasks.pending())} pending")'],
        remainingWrong: ['print(f"{len(tasks.items) - len(tasks.pending())} pending")'],
        wipeWrong: ['print("wiped 0 tasks")'],
      },
      lines('    def wipe(self):', '        removed = len(self.items)', '        self.items = []', '        return removed', ''),
    ),
  },
  'course-like': {
    start: join(STARTS, 'course-like'),
    ignoresRuntime: false,
    ...ifElif(
      '    ',
      'command',
      {
        wipe: ['tasks.wipe()', 'print("wiped")'],
        remaining: ['print(f"Remaining: {len(tasks.pending())}")'],
        remainingWrong: ['print(f"Remaining: {len(tasks.all()) - len(tasks.pending())}")'],
        wipeWrong: ['print("wiped")'],
      },
      lines('    def wipe(self):', '        self.tasks = []', '        self._write()', ''),
    ),
  },
  'handlers-dict': {
    start: join(STARTS, 'handlers-dict'),
    ignoresRuntime: true,
    wipe: [
      { file: 'tasks.py', before: '    def pending(self):', text: lines('    def wipe(self):', '        self.items = []', '') },
      { file: 'cli.py', before: 'HANDLERS = {', text: lines('def cmd_wipe(tasks, args):', '    tasks.wipe()', '    return "Wiped the list."', '', '') },
      { file: 'cli.py', before: '    "count": cmd_count,', text: lines('    "wipe": cmd_wipe,') },
    ],
    remaining: [
      {
        file: 'cli.py',
        before: 'HANDLERS = {',
        text: lines('def cmd_remaining(tasks, args):', '    return f"{len(tasks.pending())} tasks remaining"', '', ''),
      },
      { file: 'cli.py', before: '    "count": cmd_count,', text: lines('    "remaining": cmd_remaining,') },
    ],
    remainingCountsDone: [
      {
        file: 'cli.py',
        before: 'HANDLERS = {',
        text: lines('def cmd_remaining(tasks, args):', '    return f"{len(tasks.items) - len(tasks.pending())} tasks remaining"', '', ''),
      },
      { file: 'cli.py', before: '    "count": cmd_count,', text: lines('    "remaining": cmd_remaining,') },
    ],
    wipeLeavesTasks: [
      { file: 'cli.py', before: 'HANDLERS = {', text: lines('def cmd_wipe(tasks, args):', '    return "Wiped the list."', '', '') },
      { file: 'cli.py', before: '    "count": cmd_count,', text: lines('    "wipe": cmd_wipe,') },
    ],
    doneBroken: { file: 'cli.py', find: '    "done": cmd_done,', replace: '    "finish": cmd_done,' },
  },
  'extra-commands': {
    start: join(STARTS, 'extra-commands'),
    ignoresRuntime: true,
    ...ifElif(
      '        ',
      'command',
      {
        wipe: ['print(f"wiped {tasks.wipe()}")'],
        remaining: ['print(len(tasks.pending()))'],
        remainingWrong: ['print(len(tasks.items) - len(tasks.pending()))'],
        wipeWrong: ['print("wiped 0")'],
      },
      lines('    def wipe(self):', '        gone = len(self.items)', '        self.items = []', '        return gone', ''),
    ),
  },
  crlf: {
    start: join(STARTS, 'crlf'),
    ignoresRuntime: true,
    ...ifElif(
      '    ',
      'command',
      {
        wipe: ['tasks.wipe()', 'tasks.save()', 'print("List wiped.")'],
        remaining: ['print(f"Pending: {len(tasks.pending())}")'],
        remainingWrong: ['print(f"Pending: {len(tasks.items) - len(tasks.pending())}")'],
        wipeWrong: ['print("List wiped.")'],
      },
      lines('    def wipe(self):', '        self.items = []', ''),
    ),
  },
  'object-store': {
    start: join(STARTS, 'object-store'),
    ignoresRuntime: false,
    ...ifElif(
      '    ',
      'name',
      {
        wipe: ['todo.wipe()', 'print("ok")'],
        remaining: ['print(len(todo.pending()), "left")'],
        remainingWrong: ['print(len(todo.data["tasks"]) - len(todo.pending()), "left")'],
        wipeWrong: ['print("ok")'],
      },
      lines('    def wipe(self):', '        self.data["tasks"] = []', ''),
    ),
  },
  'pairs-store': {
    start: join(STARTS, 'pairs-store'),
    ignoresRuntime: false,
    ...ifElif(
      '    ',
      'command',
      {
        wipe: ['tasks.wipe()', 'return "Wiped."'],
        remaining: ['return f"{len(tasks.pending())} open"'],
        remainingWrong: ['return f"{len(tasks.pairs) - len(tasks.pending())} open"'],
        wipeWrong: ['return "Wiped."'],
      },
      lines('    def wipe(self):', '        self.pairs = []', ''),
    ),
  },
};

/**
 * The starts played on every cached git, not only the test git. What git's version changes in this lab (worktree
 * removal refusing untracked state, merges of line endings, its messages, the formats graders parse) meets a start
 * only through its ignore rule for the app's state file and its line endings, so one start without an ignore rule
 * (`course-like`, the course's own shape) and the CRLF one stand for all (test/scenario/start-variants.test.ts plays
 * and grades them there); every start is played on the test git, and fixtures/lab on every git by the scenario matrix.
 */
export const ON_EVERY_GIT: readonly string[] = ['course-like', 'crlf'];

/** The starts whose list numbers tasks from 0 (the others from 1): graders must read the base from the start's behaviour. */
export const COUNTS_FROM_ZERO: readonly string[] = ['course-like', 'crlf', 'pairs-store'];

/** The start snapshots in fixtures/starts, so a new one cannot be left out of the tests. */
export function startFolders(): string[] {
  return readdirSync(STARTS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Applies insertions and replacements to a file's text, keeping its line endings (CRLF stays CRLF). */
export function applyCode(file: 'cli.py' | 'tasks.py', text: string, changes: readonly (Insert | Replace)[]): string {
  const crlf = text.includes('\r\n');
  let lf = text.replace(/\r\n/g, '\n');
  for (const change of changes.filter((candidate) => candidate.file === file)) {
    if ('before' in change) {
      const at = lf.indexOf(change.before);
      if (at === -1) throw new Error(`${file} has no line with ${JSON.stringify(change.before)}`);
      const lineStart = lf.lastIndexOf('\n', at) + 1;
      lf = lf.slice(0, lineStart) + change.text + lf.slice(lineStart);
    } else {
      if (!lf.includes(change.find)) throw new Error(`${file} has no text ${JSON.stringify(change.find)}`);
      lf = lf.replace(change.find, () => change.replace);
    }
  }
  return crlf ? lf.replace(/\n/g, '\r\n') : lf;
}
