import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../cli/user-error.js';
import type { GitBinary } from '../git/git-binary.js';
import type { OpenedSubmission } from '../submission/types.js';
import { scanFolder } from './conflict-markers.js';
import { readCommits } from './read-commits.js';
import { readSnapshot } from './read-snapshot.js';
import { verifySnapshot } from './verify-snapshot.js';
import { readFilesAt } from './read-files-at.js';
import { makeReadOnlyGit, type ReadOnlyGit } from './read-only-git.js';
import { readRefs } from './read-refs.js';
import { readSmallFile } from './read-small-file.js';
import { readBranchReflogs, readReflogFile } from './read-reflogs.js';
import { observeLinked, readSiblings, readStatus, readWorktreeRecords } from './read-worktrees.js';
import { exportCommit, runApp } from './run-app.js';
import type { Evidence, LinkedWorktreeObservation, LocalRecords, Reflog, SubmissionInfo } from './types.js';

export interface GatherOptions {
  readonly git: GitBinary;
  /** @default 5 */
  readonly secondsPerCommand?: number;
}

async function listTree(folder: string, prefix = ''): Promise<string[]> {
  const entries = await readdir(join(folder, prefix), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      return entry.isDirectory() ? listTree(folder, path) : Promise.resolve([path]);
    }),
  );
  return nested.flat().sort();
}

function describeSubmission(opened: OpenedSubmission): SubmissionInfo {
  switch (opened.kind) {
    case 'folder':
      return { kind: 'folder', source: opened.source, localRecords: true, siblingFolders: true };
    case 'archive':
      return { kind: 'archive', source: opened.source, localRecords: true, siblingFolders: false };
    case 'clone':
    case 'bundle':
      return {
        kind: opened.kind,
        source: opened.source,
        localRecords: false,
        siblingFolders: false,
        missingRecordsReason: `a ${opened.kind === 'clone' ? 'clone' : 'bundle'} carries only commits and branches, not reflogs or worktree records`,
      };
  }
}

async function readLocal(reader: ReadOnlyGit, opened: OpenedSubmission, canSeeFolders: boolean): Promise<LocalRecords> {
  const { records, reflogs } = await readWorktreeRecords(opened.gitDir, canSeeFolders);
  const mainHead = await readReflogFile(join(opened.gitDir, 'logs', 'HEAD'), 'HEAD', 'main');
  const snapshot = await verifySnapshot(reader, await readSnapshot(opened.gitDir), [...(mainHead ? [mainHead] : []), ...reflogs]);
  const liveIds = new Set(reflogs.map((log) => log.owner));
  const headReflogs: Reflog[] = [...(mainHead ? [mainHead] : []), ...reflogs, ...snapshot.headReflogs.filter((log) => log.owner !== 'main' && !liveIds.has(log.owner))];
  const mergeHead = (await readSmallFile(join(opened.gitDir, 'MERGE_HEAD')))?.trim().split('\n')[0];
  const linked: LinkedWorktreeObservation[] = [];
  let mainUncommitted: string[] = [];
  let siblings: LocalRecords['siblings'] = [];
  if (canSeeFolders && opened.mainWorktree !== undefined) {
    const observed = await Promise.all(records.map((record) => observeLinked(reader, record)));
    linked.push(...observed.filter((observation): observation is LinkedWorktreeObservation => observation !== undefined));
    mainUncommitted = ((await readStatus(reader, opened.mainWorktree)) ?? []).filter((line) => !line.startsWith('!!'));
    siblings = await readSiblings(opened.mainWorktree, records);
  }
  const livePaths = new Set(linked.map((observed) => observed.path));
  const added = snapshot.linked.filter((observed) => !livePaths.has(observed.path));
  linked.push(...added);
  return {
    mainWorktree: opened.mainWorktree ?? opened.gitDir,
    worktrees: records,
    linked,
    siblings,
    mergeHead,
    headReflogs,
    branchReflogs: await readBranchReflogs(opened.gitDir),
    mainUncommitted,
    ...(snapshot.status !== undefined ? { snapshot: { ...snapshot.status, adds: added.map((observed) => observed.path) } } : {}),
  };
}

const WORK_ACTIONS = /^(commit|merge|rebase|cherry-pick|pull|revert)/;

/** Whether a folder's records saw the work being done: a worktree record, or some reflog entry that made or merged commits (a fresh clone or CI checkout has none). */
export function recordsCoverWork(local: LocalRecords): boolean {
  if (local.worktrees.length > 0 || local.mergeHead !== undefined || local.linked.length > 0) return true;
  return [...local.headReflogs, ...local.branchReflogs].some((log) => log.entries.some((entry) => WORK_ACTIONS.test(entry.action)));
}

/** Exports main's tree, lists it, scans it for conflict markers and runs the app's commands in it. */
async function runOnMain(reader: ReadOnlyGit, opened: OpenedSubmission, mainTip: string | undefined, options: GatherOptions): Promise<Pick<Evidence, 'mainTracked' | 'conflictMarkers' | 'app'>> {
  if (mainTip === undefined) return { mainTracked: [], conflictMarkers: [], app: { ran: false, reason: 'there is no main branch to run', runs: [] } };
  const exportFolder = join(opened.scratch, 'export');
  await exportCommit(reader, mainTip, exportFolder, opened.scratch);
  const mainTracked = await listTree(exportFolder);
  const conflictMarkers = await scanFolder(exportFolder, mainTracked, 'commit');
  const app = await runApp({ folder: exportFolder, scratch: opened.scratch, ...(options.secondsPerCommand ? { secondsPerCommand: options.secondsPerCommand } : {}) });
  return { mainTracked, conflictMarkers, app };
}

/** Conflict markers in the main folder's tracked files, and its working copy of the quiz. */
async function readMainFolder(reader: ReadOnlyGit, opened: OpenedSubmission, submission: SubmissionInfo): Promise<{ markers: Evidence['conflictMarkers']; quiz: string | undefined }> {
  if (opened.mainWorktree === undefined) return { markers: [], quiz: undefined };
  let markers: Evidence['conflictMarkers'] = [];
  if (submission.siblingFolders || opened.kind === 'archive') {
    const listed = await reader.inRepo(['ls-files', '-z'], opened.mainWorktree);
    const tracked = listed.exitCode === 0 ? listed.stdout.split('\0').filter(Boolean) : [];
    markers = await scanFolder(opened.mainWorktree, tracked, 'worktree');
  }
  return { markers, quiz: await readSmallFile(join(opened.mainWorktree, 'worktree-quiz.json')) };
}

/**
 * Gathers every fact graders use from an opened submission, with as few git processes as it can;
 * after the refs, the reads that do not need each other run side by side (the app's Python run
 * overlaps the git calls).
 */
export async function gatherEvidence(opened: OpenedSubmission, options: GatherOptions): Promise<Evidence> {
  const reader = await makeReadOnlyGit({ git: options.git, gitDir: opened.gitDir, scratch: opened.scratch });
  const described = describeSubmission(opened);
  const refs = await readRefs(reader);
  const mainBranch = refs.branches.some((branch) => branch.name === 'main') ? 'main' : refs.branches.some((branch) => branch.name === 'master') ? 'master' : undefined;
  const mainTip = refs.branches.find((branch) => branch.name === mainBranch)?.tip;
  const readLocalAndCommits = async () => {
    let submission = described;
    let local = submission.localRecords ? await readLocal(reader, opened, submission.siblingFolders) : undefined;
    if (local !== undefined && !recordsCoverWork(local)) {
      submission = {
        ...submission,
        localRecords: false,
        missingRecordsReason: 'its reflogs record only how it was checked out (a fresh clone or a CI checkout), not the lab\'s work',
      };
      local = undefined;
    }
    const tips = [
      ...refs.branches.map((branch) => branch.tip),
      ...refs.tags,
      ...(refs.head.commit ? [refs.head.commit] : []),
      ...(local?.mergeHead ? [local.mergeHead] : []),
      ...(local?.worktrees.flatMap((record) => (record.head ? [record.head] : [])) ?? []),
      // A rebased branch's tip from before the rebase, so graders can see where it first forked.
      ...(local?.branchReflogs.flatMap((log) => log.entries.filter((entry) => entry.action.startsWith('rebase')).map((entry) => entry.old)) ?? []),
    ];
    return { submission, local, commits: await readCommits(reader, tips) };
  };
  const [{ submission, local, commits }, files, onMain, mainFolder, graph] = await Promise.all([
    readLocalAndCommits(),
    readFilesAt(reader, refs.branches.map((branch) => ({ ref: branch.name, commit: branch.tip }))),
    runOnMain(reader, opened, mainTip, options),
    readMainFolder(reader, opened, described),
    reader.inRepo(['log', '--graph', '--oneline', '--decorate', '--all', '--color=never', '-n', '200'], opened.gitDir),
  ]);
  if (commits.length === 0) {
    throw new UserError('EMPTY_REPO', `${opened.source} has no commits yet. Commit the start snapshot first: git add -A && git commit -m "start"`);
  }
  const { mainTracked, conflictMarkers: committedMarkers, app } = onMain;
  const worktreeMarkers = mainFolder.markers;
  const quizWorkingTree = mainFolder.quiz;
  return {
    schemaVersion: 1,
    submission,
    git: options.git.version,
    mainBranch,
    head: refs.head,
    branches: refs.branches,
    commits,
    files,
    mainTracked,
    conflictMarkers: [...committedMarkers, ...worktreeMarkers],
    quiz: { committed: files.find((entry) => entry.ref === mainBranch)?.files['worktree-quiz.json'] ?? undefined, workingTree: quizWorkingTree },
    app,
    local,
    graph: graph.exitCode === 0 ? graph.stdout : '',
  };
}
