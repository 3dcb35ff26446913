import type { LearnerVariant } from './support/define-learner-variant.js';
import validBranchesDeleted from './valid-branches-deleted.js';
import validBranchesThenWorktrees from './valid-branches-then-worktrees.js';
import validEditorRewrite from './valid-editor-rewrite.js';
import validLabAsWritten from './valid-lab-as-written.js';
import validMainMergedIntoFeature from './valid-main-merged-into-feature.js';
import validMasterBranch from './valid-master-branch.js';
import validNoFfMerges from './valid-no-ff-merges.js';
import validOtherMergeOrder from './valid-other-merge-order.js';
import validQuizFirst from './valid-quiz-first.js';
import validRebaseThenFastForward from './valid-rebase-then-fast-forward.js';
import validSeveralCommitsPerFeature from './valid-several-commits-per-feature.js';
import validSquashMerge from './valid-squash-merge.js';
import validWorktreesByHand from './valid-worktrees-by-hand.js';
import validWorktreesElsewhere from './valid-worktrees-elsewhere.js';
import wrongAppNotRunInWorktrees from './wrong-app-not-run-in-worktrees.js';
import wrongBranchNames from './wrong-branch-names.js';
import wrongCommitInMainFolder from './wrong-commit-in-main-folder.js';
import wrongConflictMarkersCommitted from './wrong-conflict-markers-committed.js';
import wrongCountLost from './wrong-count-lost.js';
import wrongCrossFeature from './wrong-cross-feature.js';
import wrongFoldersDeletedNotPruned from './wrong-folders-deleted-not-pruned.js';
import wrongKeepsMainSide from './wrong-keeps-main-side.js';
import wrongKeepsTheirSide from './wrong-keeps-their-side.js';
import wrongLockedWorktree from './wrong-locked-worktree.js';
import wrongMainRenamed from './wrong-main-renamed.js';
import validMarkerLinesDeleted from './valid-marker-lines-deleted.js';
import wrongNoWorktrees from './wrong-no-worktrees.js';
import wrongOneWorktree from './wrong-one-worktree.js';
import wrongQuizIncomplete from './wrong-quiz-incomplete.js';
import wrongQuizMissing from './wrong-quiz-missing.js';
import wrongQuizNotCommitted from './wrong-quiz-not-committed.js';
import wrongQuizNotJson from './wrong-quiz-not-json.js';
import wrongQuizWrong from './wrong-quiz-wrong.js';
import wrongRemainingCountsAll from './wrong-remaining-counts-all.js';
import wrongRemainingHangs from './wrong-remaining-hangs.js';
import validRemainingOwnWording from './valid-remaining-own-wording.js';
import wrongRemainingNeverCommitted from './wrong-remaining-never-committed.js';
import wrongRemainingNeverMerged from './wrong-remaining-never-merged.js';
import wrongSequential from './wrong-sequential.js';
import wrongStoppedMidMerge from './wrong-stopped-mid-merge.js';
import wrongSyntaxError from './wrong-syntax-error.js';
import wrongTasksJsonCommitted from './wrong-tasks-json-committed.js';
import wrongTasksJsonTrackedMidLab from './wrong-tasks-json-tracked-mid-lab.js';
import wrongUncommittedInWorktree from './wrong-uncommitted-in-worktree.js';
import wrongUntidyCleanup from './wrong-untidy-cleanup.js';
import wrongWipeNotSaved from './wrong-wipe-not-saved.js';
import wrongWipeSilent from './wrong-wipe-silent.js';
import wrongWorktreesKept from './wrong-worktrees-kept.js';

/** Every learner variant: valid roads first, then wrong or unfinished ones. A new variant is one file and one line here. */
export const learnerVariants: readonly LearnerVariant[] = [
  validBranchesDeleted,
  validBranchesThenWorktrees,
  validEditorRewrite,
  validLabAsWritten,
  validMainMergedIntoFeature,
  validMasterBranch,
  validNoFfMerges,
  validOtherMergeOrder,
  validQuizFirst,
  validRebaseThenFastForward,
  validSeveralCommitsPerFeature,
  validSquashMerge,
  validWorktreesByHand,
  validWorktreesElsewhere,
  wrongAppNotRunInWorktrees,
  wrongBranchNames,
  wrongCommitInMainFolder,
  wrongConflictMarkersCommitted,
  wrongCountLost,
  wrongCrossFeature,
  wrongFoldersDeletedNotPruned,
  wrongKeepsMainSide,
  wrongKeepsTheirSide,
  wrongLockedWorktree,
  wrongMainRenamed,
  validMarkerLinesDeleted,
  wrongNoWorktrees,
  wrongOneWorktree,
  wrongQuizIncomplete,
  wrongQuizMissing,
  wrongQuizNotCommitted,
  wrongQuizNotJson,
  wrongQuizWrong,
  wrongRemainingCountsAll,
  wrongRemainingHangs,
  validRemainingOwnWording,
  wrongRemainingNeverCommitted,
  wrongRemainingNeverMerged,
  wrongSequential,
  wrongStoppedMidMerge,
  wrongSyntaxError,
  wrongTasksJsonCommitted,
  wrongTasksJsonTrackedMidLab,
  wrongUncommittedInWorktree,
  wrongUntidyCleanup,
  wrongWipeNotSaved,
  wrongWipeSilent,
  wrongWorktreesKept,
];
