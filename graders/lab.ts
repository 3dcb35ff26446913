/**
 * Everything wtlab knows about module 7's lab, in one place: branch and folder names, the app's
 * commands old and new, the files the lab reads, the runtime state, the quiz file, the lab folder's
 * parts and the command script run on the learner's app. Graders, scenarios, evidence options and
 * the simulated agents read these; nothing else spells them. The engine (src/) gets them as options.
 */

import { formatCommand } from '../src/process/command-result.js';

/** One of the lab's two features: its branch, its worktree folder and how its code is recognised. */
export interface Feature {
  readonly key: 'wipe' | 'remaining';
  readonly branch: string;
  /** The linked worktree's folder, a sibling of the main one. */
  readonly folder: string;
  /** The command the feature adds to cli.py. */
  readonly command: string;
  /** Matches a line of code that belongs to this feature (dispatch, usage entry, method). */
  readonly code: RegExp;
  /** The simulated agent that builds it (`A` or `B`) and its prompt file in the lab folder. */
  readonly agent: 'A' | 'B';
  readonly prompt: string;
}

export const WIPE: Feature = {
  key: 'wipe',
  branch: 'feature/wipe',
  folder: 'tasks-app-wipe',
  command: 'wipe',
  code: /["']wipe["']|def wipe\b|\|\s*wipe\b/,
  agent: 'A',
  prompt: 'agent-a-prompt.md',
};

export const REMAINING: Feature = {
  key: 'remaining',
  branch: 'feature/remaining',
  folder: 'tasks-app-remaining',
  command: 'remaining',
  code: /["']remaining["']|\|\s*remaining\b/,
  agent: 'B',
  prompt: 'agent-b-prompt.md',
};

/** Both features, in the order the lab merges them. */
export const FEATURES: readonly Feature[] = [WIPE, REMAINING];

/** The other feature. */
export function otherFeature(feature: Feature): Feature {
  return feature === WIPE ? REMAINING : WIPE;
}

/** The learner's main branch; `master` counts when there is no `main`. */
export const MAIN_BRANCHES: readonly string[] = ['main', 'master'];

/** The branches whose history graders read: main (or master) and the two features; other branches only show their tips. */
export const HISTORY_BRANCHES: readonly string[] = [...MAIN_BRANCHES, ...FEATURES.map((feature) => feature.branch)];

/** The app's folder name in the course, used in hints. */
export const APP_FOLDER = 'tasks-app';

/** Where the course has the learner keep the app's folder, as hints write it. */
export const APP_PATH = `~/ai-workflow-course/${APP_FOLDER}`;

/** The hint to grade a folder when a kind of submission lacks local records. */
export const GRADE_FOLDER = `wtlab grade ${APP_PATH}`;

/** The app's entry point and its task list module (the module's shape: `TaskList` with `pending()` in tasks.py). */
export const APP_ENTRY = 'cli.py';
export const APP_MODULE = 'tasks.py';

/** The runtime state the app keeps next to cli.py: never committed, one per worktree. */
export const STATE_FILE = 'tasks.json';

/** Files and folders running the app leaves behind that are not the learner's work. */
export const RUNTIME_PATHS: readonly string[] = [STATE_FILE, '__pycache__/'];

/** The concepts quiz's answers file, committed on main. */
export const QUIZ_FILE = 'worktree-quiz.json';

/** The files whose content graders read at main and at each history branch's tip (.gitignore: whether the state file is ignored). */
export const LAB_FILES: readonly string[] = [APP_ENTRY, APP_MODULE, QUIZ_FILE, '.gitignore'];

/** The commands every start of the module has (a carried-forward app may have more: its usage names them). */
export const OLD_COMMANDS: readonly string[] = ['add', 'list', 'done', 'count', 'delete'];

/** The commands the lab adds. */
export const NEW_COMMANDS: readonly string[] = FEATURES.map((feature) => feature.command);

/** The parts of a course lab folder (`--lab DIR`). */
export const LAB_FOLDER = {
  start: 'start',
  setupScript: 'setup-worktrees.sh',
  cleanupScript: 'cleanup-worktrees.sh',
  prompts: FEATURES.map((feature) => feature.prompt),
  /** The module text, beside the lab folder. */
  moduleText: '../README.md',
} as const;

/** The path of a folder relative to the main worktree, as one shell word for commands in hints (`../tasks-app-wipe`; quoted when it must be). */
export function siblingPath(folder: string): string {
  return formatCommand([`../${folder}`]);
}

/** The commands of the lab, as a learner types them in the main folder. */
export const LAB_COMMANDS = {
  /** Creates a feature's linked worktree on its new branch. */
  addWorktree: (feature: Feature): string => `git worktree add ${siblingPath(feature.folder)} -b ${feature.branch}`,
  /** Runs the app in a linked worktree (its folder, wherever the learner put it), so it gets its own state file. */
  runAppIn: (path: string): string => `${formatCommand(['cd', path])} && python3 ${APP_ENTRY} add "try it"`,
  merge: (feature: Feature): string => `git merge ${feature.branch}`,
  removeWorktree: (path: string): string => formatCommand(['git', 'worktree', 'remove', path]),
  prune: 'git worktree prune',
  answerQuiz: `wtlab quiz && git add ${QUIZ_FILE} && git commit -m "Answer the worktree quiz"`,
} as const;

/** One command of the script run on the learner's app: a name graders look it up by, and the arguments after `python3 cli.py`. */
export interface AppStep {
  readonly name: string;
  readonly args: readonly string[];
}

/** The script run on the learner's start and on main (made from what the start's usage names), and how the start is found. */
export { APP_PROBE, appScript } from './support/app-script.js';
export { findStart } from './support/lab-facts.js';
