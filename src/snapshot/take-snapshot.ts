import { rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { makeReadOnlyGit } from '../evidence/read-only-git.js';
import { readRefs } from '../evidence/read-refs.js';
import { readReflogs } from '../evidence/read-reflogs.js';
import { readSmallFile } from '../evidence/read-small-file.js';
import { SNAPSHOT_FILE } from '../evidence/read-snapshot.js';
import { observeLinked, readSiblings, readWorktreeRecords, worktreeHeadReflogs } from '../evidence/read-worktrees.js';
import type { LinkedWorktreeObservation } from '../evidence/types.js';
import type { GitBinary } from '../git/git-binary.js';
import { parseRecord, RECORD_FILE, type RecordFile } from '../record/record-file.js';
import { formatCommand } from '../process/command-result.js';
import { makeParentFolder } from '../paths/make-parent-folder.js';
import { writeFailure } from '../paths/write-output-file.js';
import { enclosingRepository } from '../submission/locate-git-dir.js';
import { openSubmission } from '../submission/open-submission.js';
import { UNNAMED_APP, type AppNaming } from '../submission/app-naming.js';

/**
 * A refusal of openSubmission said for `wtlab snapshot`: a folder outside any repository, or below the top of one, gets
 * the snapshot command to run instead of `wtlab grade` (whose words openSubmission uses). Anything else is returned as is.
 */
async function inSnapshotWords(error: unknown, folder: string, naming: AppNaming): Promise<unknown> {
  if (!(error instanceof UserError)) return error;
  if (error.code === 'NOT_A_REPO') {
    return new UserError(
      'NOT_A_REPO',
      `${folder} is not inside a git repository. Run wtlab snapshot in your ${naming.repo} folder: cd ${naming.repoPath ?? naming.repo} && wtlab snapshot`,
    );
  }
  const top = error.code === 'NOT_REPO_TOP' ? await enclosingRepository(folder) : undefined;
  if (top === undefined) return error;
  return new UserError(
    'NOT_REPO_TOP',
    `${folder} is inside the repository at ${top}, not at its top. Run it there: ${formatCommand(['cd', top])} && wtlab snapshot`,
  );
}

/** What `wtlab snapshot` wrote. */
export interface TakenSnapshot {
  /** The file inside the repository's git dir (never committed). */
  readonly file: string;
  /** The same record in the main worktree, to commit so that it travels with a push. */
  readonly record: string;
  readonly snapshot: RecordFile;
  /** Linked worktrees seen live now. */
  readonly live: readonly LinkedWorktreeObservation[];
  /** Worktrees kept from an earlier snapshot because they are gone now. */
  readonly kept: number;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  try {
    await makeParentFolder(file);
    await writeFile(`${file}.tmp`, text, 'utf8');
    await rename(`${file}.tmp`, file);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error)) throw error;
    const code = writeFailure(error);
    // A folder the learner cannot write (read-only mount, another owner, a full disk) is their setup, not a bug of ours.
    throw new UserError(
      'SNAPSHOT_NOT_WRITTEN',
      `cannot write ${file} (${code}), so the snapshot was not recorded. Make the repository writable for you, then run wtlab snapshot again: ls -ld ${formatCommand([dirname(file)])}`,
    );
  }
}

/**
 * Records what cleanup destroys (worktree records, each linked worktree's HEAD reflog, its tasks.json and
 * uncommitted status) plus what a clone lacks to date it (the main HEAD reflog, branch reflogs, the folders beside
 * the repository) into `.git/wtlab/evidence.json` and, to be committed, `worktree-evidence.json` in the main
 * worktree. Worktrees and branch reflogs an earlier snapshot saw that are gone now are kept, so running it again
 * after cleanup records both. Reads with git; writes only those two files.
 */
export async function takeSnapshot(
  folder: string,
  options: {
    readonly git: GitBinary;
    readonly now?: () => number;
    /** The app's state file in each worktree (the lab's evidence options name it). */ readonly stateFile: string;
    /** How the lab names the learner's folder, for hints. @default UNNAMED_APP */
    readonly naming?: AppNaming;
  },
): Promise<TakenSnapshot> {
  const naming = options.naming ?? UNNAMED_APP;
  const opened = await openSubmission(folder, { git: options.git, naming }).catch(async (error: unknown) => {
    throw await inSnapshotWords(error, folder, naming);
  });
  try {
    if (opened.kind !== 'folder' || opened.mainWorktree === undefined) {
      throw new UserError(
        'SNAPSHOT_NEEDS_FOLDER',
        `wtlab snapshot records a live folder, and ${folder} is not one. Run it in your ${naming.repo} folder: cd ${naming.repoPath ?? naming.repo} && wtlab snapshot`,
      );
    }
    const mainWorktree = opened.mainWorktree;
    const reader = await makeReadOnlyGit({ git: options.git, gitDir: opened.gitDir, scratch: opened.scratch });
    const [records, { branches }, earlierText] = await Promise.all([
      readWorktreeRecords(reader, true),
      readRefs(reader),
      readSmallFile(join(opened.gitDir, SNAPSHOT_FILE)),
    ]);
    const branchRequests = branches.map((branch) => ({ ref: `refs/heads/${branch.name}`, owner: branch.name }));
    const [allReflogs, observed, siblings] = await Promise.all([
      readReflogs(reader, [{ ref: 'HEAD', owner: 'main' }, ...worktreeHeadReflogs(records), ...branchRequests]),
      Promise.all(records.map((record) => observeLinked(reader, record, { stateFile: options.stateFile }))),
      readSiblings(mainWorktree, records),
    ]);
    const mainHeadReflog = allReflogs.find((log) => log.ref === 'HEAD');
    const reflogs = allReflogs.filter((log) => log.ref !== 'HEAD' && !log.ref.startsWith('refs/heads/'));
    const branchReflogs = allReflogs.filter((log) => log.ref.startsWith('refs/heads/'));
    const live = observed.filter((observation): observation is LinkedWorktreeObservation => observation !== undefined);
    const earlier = earlierText === undefined ? undefined : parseRecord(earlierText);
    const usable = earlier !== undefined && earlier.problem === undefined ? earlier : undefined;
    const livePaths = new Set(live.map((observation) => observation.path));
    const liveIds = new Set(reflogs.map((log) => log.owner));
    const liveBranches = new Set(branchReflogs.map((log) => log.owner));
    const keptLinked = usable?.snapshot.linked.filter((observation) => !livePaths.has(observation.path)) ?? [];
    const keptLogs = usable?.snapshot.headReflogs.filter((log) => log.owner !== 'main' && !liveIds.has(log.owner)) ?? [];
    const keptBranchLogs = usable?.branchReflogs.filter((log) => !liveBranches.has(log.owner)) ?? [];
    const takenAt = Math.floor((options.now?.() ?? Date.now()) / 1000);
    // Everything seen now carries one time, so graders can tell the worktrees existed together.
    const snapshot: RecordFile = {
      schemaVersion: 1,
      takenAt,
      git: options.git.version,
      worktrees: records,
      linked: [...live.map((observation) => ({ ...observation, seenAt: takenAt })), ...keptLinked].map(({ source: _source, ...rest }) => rest),
      headReflogs: [...reflogs, ...keptLogs],
      ...(mainHeadReflog !== undefined ? { mainHeadReflog } : {}),
      branchReflogs: [...branchReflogs, ...keptBranchLogs],
      siblings,
    };
    const text = `${JSON.stringify(snapshot, null, 2)}\n`;
    const file = join(opened.gitDir, SNAPSHOT_FILE);
    const record = join(mainWorktree, RECORD_FILE);
    await writeAtomically(file, text);
    await writeAtomically(record, text);
    return { file, record, snapshot, live, kept: keptLinked.length };
  } finally {
    await opened.close();
  }
}
