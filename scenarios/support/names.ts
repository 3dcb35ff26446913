import { APP_ENTRY, APP_FOLDER, MAIN_BRANCHES, STATE_FILE } from '../../graders/lab.js';

/** The learner's main folder, as the lab names it (graders/lab.ts). */
export const REPO = APP_FOLDER;

/** The branch the lab starts on and merges into. */
export const MAIN = MAIN_BRANCHES[0] ?? 'main';

/** The app's entry point, the file both agents edit and the merge conflicts in. */
export const CLI = APP_ENTRY;

/** The app's runtime state file, one per worktree, never committed. */
export const STATE = STATE_FILE;
