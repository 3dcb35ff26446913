import type { LabEvidenceOptions } from '../src/evidence/gather-evidence.js';
import { HISTORY_BRANCHES, LAB_FILES, MAIN_BRANCHES, QUIZ_FILE, STATE_FILE, APP_ENTRY } from './lab.js';
import { APP_PROBE, appScript } from './support/app-script.js';
import { findStart } from './support/lab-facts.js';

/** What the engine gathers for this lab: its files, main branches, history branches, and the app's script on the learner's start and on main. */
export const labEvidence: LabEvidenceOptions = {
  mainBranches: MAIN_BRANCHES,
  labFiles: LAB_FILES,
  quizFile: QUIZ_FILE,
  stateFile: STATE_FILE,
  appEntry: APP_ENTRY,
  historyBranches: HISTORY_BRANCHES,
  app: { probe: APP_PROBE, script: appScript, findStart },
};
