import type { LabEvidenceOptions } from '../src/evidence/gather-evidence.js';
import { APP_ENTRY, APP_PLAN, HISTORY_BRANCHES, LAB_FILES, MAIN_BRANCHES, QUIZ_FILE } from './lab.js';

/** What the engine gathers for this lab: its files, main branches, history branches and how its app is run. */
export const labEvidence: LabEvidenceOptions = {
  mainBranches: MAIN_BRANCHES,
  labFiles: LAB_FILES,
  quizFile: QUIZ_FILE,
  appEntry: APP_ENTRY,
  historyBranches: HISTORY_BRANCHES,
  app: { script: () => APP_PLAN, findStart: () => undefined },
};
