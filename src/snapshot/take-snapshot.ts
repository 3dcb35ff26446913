import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../cli/user-error.js';
import { makeReadOnlyGit } from '../evidence/read-only-git.js';
import { readSnapshot, SNAPSHOT_FILE, type SnapshotFile } from '../evidence/read-snapshot.js';
import { readReflogs } from '../evidence/read-reflogs.js';
import { observeLinked, readWorktreeRecords, worktreeHeadReflogs } from '../evidence/read-worktrees.js';
import type { LinkedWorktreeObservation } from '../evidence/types.js';
import type { GitBinary } from '../git/git-binary.js';
import { openSubmission } from '../submission/open-submission.js';

/** What `wtlab snapshot` wrote. */
export interface TakenSnapshot {
  /** The file, inside the repository's git dir. */
  readonly file: string;
  readonly snapshot: SnapshotFile;
  /** Linked worktrees seen live now. */
  readonly live: readonly LinkedWorktreeObservation[];
  /** Worktrees kept from an earlier snapshot because they are gone now. */
  readonly kept: number;
}

/**
 * Records what cleanup destroys (worktree records, each linked worktree's HEAD reflog, its tasks.json
 * and uncommitted status) into `.git/wtlab/evidence.json`, inside `.git` so it is never committed.
 * Worktrees an earlier snapshot saw and that are gone now are kept. Reads with git; writes only that file.
 */
export async function takeSnapshot(folder: string, options: { readonly git: GitBinary; readonly now?: () => number }): Promise<TakenSnapshot> {
  const opened = await openSubmission(folder, { git: options.git });
  try {
    if (opened.kind !== 'folder' || opened.mainWorktree === undefined) {
      throw new UserError('SNAPSHOT_NEEDS_FOLDER', `wtlab snapshot records a live folder, and ${folder} is not one. Run it in your tasks-app folder: cd ~/ai-workflow-course/tasks-app && npx wtlab snapshot`);
    }
    const reader = await makeReadOnlyGit({ git: options.git, gitDir: opened.gitDir, scratch: opened.scratch });
    const records = await readWorktreeRecords(reader, true);
    const reflogs = await readReflogs(reader, worktreeHeadReflogs(records));
    const observed = await Promise.all(records.map((record) => observeLinked(reader, record)));
    const live = observed.filter((observation): observation is LinkedWorktreeObservation => observation !== undefined);
    const earlier = await readSnapshot(opened.gitDir);
    const usable = earlier.problem === undefined;
    const livePaths = new Set(live.map((observation) => observation.path));
    const liveIds = new Set(reflogs.map((log) => log.owner));
    const keptLinked = usable ? earlier.linked.filter((observation) => !livePaths.has(observation.path)) : [];
    const keptLogs = usable ? earlier.headReflogs.filter((log) => log.owner !== 'main' && !liveIds.has(log.owner)) : [];
    const takenAt = Math.floor((options.now?.() ?? Date.now()) / 1000);
    // Everything seen now carries one time, so graders can tell the worktrees existed together.
    const snapshot: SnapshotFile = {
      schemaVersion: 1,
      takenAt,
      git: options.git.version,
      worktrees: records,
      linked: [...live.map((observation) => ({ ...observation, seenAt: takenAt })), ...keptLinked].map(({ source: _source, ...rest }) => rest),
      headReflogs: [...reflogs, ...keptLogs],
    };
    const file = join(opened.gitDir, SNAPSHOT_FILE);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(`${file}.tmp`, `${JSON.stringify(snapshot, null, 2)}\n`, 'utf8');
    await rename(`${file}.tmp`, file);
    return { file, snapshot, live, kept: keptLinked.length };
  } finally {
    await opened.close();
  }
}
