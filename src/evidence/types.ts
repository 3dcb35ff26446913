import type { AnswerKey } from '../quiz/types.js';

/**
 * Everything graders may look at, gathered once per submission. Plain JSON (no Maps, no Dates), so
 * a test can build it by hand and a snapshot file can add to it. Times are Unix seconds.
 */

export type SubmissionKind = 'folder' | 'clone' | 'archive' | 'bundle';

/** What kind of submission the evidence came from and which local-only records it can hold. */
export interface SubmissionInfo {
  readonly kind: SubmissionKind;
  /** The path or URL as shown: as given, but a URL's password or token hidden (`submissionLabel`). */
  readonly source: string;
  /** Reflogs, `.git/worktrees/*` and MERGE_HEAD are present (a folder or an archive of one). */
  readonly localRecords: boolean;
  /** Folders next to the repository can be looked at (only a live folder). */
  readonly siblingFolders: boolean;
  /** Why local-only records are missing (a fact; graders add how to get them graded); set when `localRecords` is false. */
  readonly missingRecordsReason?: string;
}

/** One file a commit changed, as `git log --name-status` says. */
export interface ChangedFile {
  /** `A`, `M`, `D`, `T`... (renames are off, so no `R`). */
  readonly status: string;
  readonly path: string;
}

export interface CommitInfo {
  readonly hash: string;
  /** The commit's tree id (`%T`): the same id means the same files, modes included. */
  readonly tree: string;
  readonly parents: readonly string[];
  readonly authorTime: number;
  readonly commitTime: number;
  readonly subject: string;
  /** Files changed against the first parent; empty for merges. */
  readonly files: readonly ChangedFile[];
  /** Lines added by this commit (without the `+`), for non-merge commits; capped. */
  readonly added: readonly string[];
  /** Lines removed by this commit (without the `-`), for non-merge commits; capped. */
  readonly removed: readonly string[];
}

export interface BranchInfo {
  /** Short name, e.g. `feature/wipe`. */
  readonly name: string;
  readonly tip: string;
}

/** The content of a few files the lab is about, at one commit. `null` when the file is absent there. */
export interface FilesAt {
  readonly ref: string;
  readonly commit: string;
  readonly files: Readonly<Record<string, string | null>>;
}

export interface ReflogEntry {
  readonly old: string;
  readonly new: string;
  readonly time: number;
  /** The whole message, e.g. `commit: Add wipe command` or `branch: Created from HEAD`. */
  readonly message: string;
  /** The part before the first colon: `commit`, `commit (merge)`, `merge feature/wipe`, `branch`, `checkout`... */
  readonly action: string;
}

export interface Reflog {
  /** `HEAD` of the main worktree, `worktrees/<id>/HEAD`, or `refs/heads/<branch>`. */
  readonly ref: string;
  /** For a worktree HEAD: `main` or the worktree id; for a branch: its short name. */
  readonly owner: string;
  readonly entries: readonly ReflogEntry[];
}

/** One `.git/worktrees/<id>` record. */
export interface WorktreeRecord {
  readonly id: string;
  /** The folder the record points at (from its `gitdir` file, without `/.git`). */
  readonly path: string;
  /** Checked-out branch short name, undefined when detached. */
  readonly branch: string | undefined;
  readonly head: string | undefined;
  readonly locked: boolean;
  /** The folder it points at is gone (`git worktree prune` would drop it); undefined when it cannot be seen. */
  readonly prunable: boolean | undefined;
}

/** What is seen inside one linked worktree folder, now (`live`) or recorded earlier by `wtlab snapshot`. */
export interface LinkedWorktreeObservation {
  readonly source: 'live' | 'snapshot';
  readonly path: string;
  readonly branch: string | undefined;
  /** A `tasks.json` file exists in the folder. */
  readonly hasTasksJson: boolean;
  /** How git sees that `tasks.json`: ignored, untracked, tracked, or absent. */
  readonly tasksJson: 'ignored' | 'untracked' | 'tracked' | 'absent';
  /** `git status --porcelain` lines other than an ignored or untracked `tasks.json`. */
  readonly uncommitted: readonly string[];
  /** When it was seen (seconds). */
  readonly seenAt?: number;
  /** Set when `git status` could not read the folder (git failed, timed out, or wtlab would not run it there): its uncommitted work is unknown. */
  readonly statusProblem?: string;
}

/** A folder beside the repository named after it (`<main>-*`) that holds a `.git` file (a worktree's checkout). */
export interface SiblingFolder {
  readonly name: string;
  readonly path: string;
  /** Where its `.git` file points, if readable. */
  readonly gitdir: string | undefined;
  /** A record under `.git/worktrees` still points at it. */
  readonly registered: boolean;
}

/** What became of `.git/wtlab/evidence.json` (written by `wtlab snapshot`). */
export interface SnapshotStatus {
  /** `used` after it matched the repository; `ignored` when it could not be read or did not match. */
  readonly state: 'used' | 'ignored';
  /** When it was taken (seconds), as the file says. */
  readonly takenAt?: number;
  /** The git version that took it, as the file says. */
  readonly git?: string;
  /** Why it was ignored. */
  readonly problem?: string;
  /** Folders of linked worktrees it adds because the repository no longer shows them. */
  readonly adds: readonly string[];
}

/** What became of a committed `worktree-evidence.json` (written by `wtlab snapshot`, read from `main` in a clone). */
export interface RecordStatus {
  /** `used` after it matched the repository; `ignored` when it could not be read or contradicts it. */
  readonly state: 'used' | 'ignored';
  /** Why it was ignored. */
  readonly problem?: string;
  /** When it was (last) taken (seconds), as the file says. */
  readonly takenAt?: number;
  /** The git version that took it, as the file says. */
  readonly git?: string;
  /** No linked worktree was live when it was last taken (it was taken again after cleanup): cleanup is graded from it. */
  readonly afterCleanup: boolean;
  /** The local records as the record saw them at `takenAt`; set when used. */
  readonly view?: LocalRecords;
}

/** Records only a learner's own folder (or an archive of it) has. */
export interface LocalRecords {
  readonly mainWorktree: string;
  readonly worktrees: readonly WorktreeRecord[];
  /** Linked worktrees seen now (`live`) and, from `.git/wtlab/evidence.json`, earlier (`snapshot`). */
  readonly linked: readonly LinkedWorktreeObservation[];
  readonly siblings: readonly SiblingFolder[];
  /** Set while a merge stops for a conflict. */
  readonly mergeHead: string | undefined;
  /** HEAD reflogs: the main worktree's (`owner: 'main'`), each live linked one's, and removed ones' from a snapshot. */
  readonly headReflogs: readonly Reflog[];
  readonly branchReflogs: readonly Reflog[];
  /** `git status --porcelain` lines of the main worktree (ignored files left out). */
  readonly mainUncommitted: readonly string[];
  /** Undefined when there is no snapshot file. */
  readonly snapshot?: SnapshotStatus;
}

/** A conflict marker line in a tracked text file. */
export interface ConflictMarker {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  /** `commit` when it is in main's committed tree, `worktree` when in the main folder's files. */
  readonly where: 'commit' | 'worktree';
}

/** One run of one command of the app, on an export of main or of the start. */
export interface AppCommandRun {
  readonly name: string;
  readonly args: readonly string[];
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** True when the command printed more than the cap and the rest was dropped. */
  readonly truncated?: boolean;
}

export interface AppBehaviour {
  /** False when the app could not be run at all (no main, no cli.py, no python3). */
  readonly ran: boolean;
  readonly reason?: string;
  /** Set when the grading machine could not run Python at all: wtlab's problem, not the learner's. */
  readonly environmentProblem?: string;
  readonly runs: readonly AppCommandRun[];
  /** How the app was isolated from the grader: `bubblewrap`, `unshare`, or `none` with the reason (then the report warns). Absent when it was not started. */
  readonly sandbox?: { readonly tool: 'bubblewrap' | 'unshare' } | { readonly tool: 'none'; readonly reason: string };
}

/** The learner's start (the commit the features grew from) and the same script run on an export of it. */
export interface StartRun {
  readonly commit: string;
  /** The probe's runs (e.g. the usage the start prints), which the script was made from. */
  readonly probe: AppBehaviour;
  /** The script's runs on the start: what main is compared with. The same runs as `app` when the start is main's tip. */
  readonly app: AppBehaviour;
}

export interface Evidence {
  readonly schemaVersion: 1;
  readonly submission: SubmissionInfo;
  /** git version that read it. */
  readonly git: string;
  /** `main` (or `master` when there is no main); undefined when neither exists. */
  readonly mainBranch: string | undefined;
  /** The main worktree's HEAD: its branch (undefined when detached) and commit. */
  readonly head: { readonly branch: string | undefined; readonly commit: string | undefined };
  readonly branches: readonly BranchInfo[];
  /** Every commit reachable from the history branches (every branch and tag when none are named), HEAD, MERGE_HEAD, linked worktrees' HEADs or a rebased branch's earlier tip; children before parents. */
  readonly commits: readonly CommitInfo[];
  /** The lab's files (as the lab's evidence options name them) at main and at each history branch's tip. */
  readonly files: readonly FilesAt[];
  /** Files tracked on main (the committed tree). */
  readonly mainTracked: readonly string[];
  readonly conflictMarkers: readonly ConflictMarker[];
  /** The quiz answers: committed on main, and the main folder's working-tree file. */
  readonly quiz: { readonly committed: string | undefined; readonly workingTree: string | undefined };
  /** The quiz answer key proven on this git (not from the submission); `keyError` when it could not be proven. */
  readonly quizKey?: AnswerKey;
  readonly quizKeyError?: string;
  /** The script's runs on an export of main. */
  readonly app: AppBehaviour;
  /** The learner's start and the script's runs on it; undefined when no start could be told (no main). */
  readonly start?: StartRun;
  /** Undefined when the submission has no local records (see `submission.missingRecordsReason`). */
  readonly local: LocalRecords | undefined;
  /** A committed record on `main`, checked against the repository; read only when `local` is undefined (a clone). */
  readonly record?: RecordStatus;
  /** `git log --graph --oneline --decorate` of the history branches and HEAD (`--all` when none are named), 200 commits at most. */
  readonly graph: string;
}
