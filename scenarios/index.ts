import type { Scenario } from '../src/scenario/types.js';
import agents from './agents.js';
import claims from './claims.js';
import concepts from './concepts.js';
import conflictAtMerge from './conflict-at-merge.js';
import deletedFolderPrune from './deleted-folder-prune.js';
import lab from './lab.js';
import mainMoved from './main-moved.js';
import removeDirtyRefused from './remove-dirty-refused.js';
import sameBranchRefused from './same-branch-refused.js';

/** Every scenario wtlab knows, in the order `wtlab scenarios` runs them. A new scenario is one file and one line here. */
export const scenarios: readonly Scenario[] = [
  lab,
  sameBranchRefused,
  removeDirtyRefused,
  deletedFolderPrune,
  mainMoved,
  conflictAtMerge,
  claims,
  concepts,
  agents,
];
