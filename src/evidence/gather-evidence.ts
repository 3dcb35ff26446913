import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../cli/user-error.js';
import type { GitBinary } from '../git/git-binary.js';
import type { CommandResult } from '../process/command-result.js';
import type { OpenedSubmission } from '../submission/types.js';
import { checkExportSize } from './check-export-size.js';
import { scanFolder } from './conflict-markers.js';
import { readCommits } from './read-commits.js';
import { readSnapshot, type SnapshotRead } from './read-snapshot.js';
import { isObjectId, verifySnapshot } from './verify-snapshot.js';
import { readFilesAt, type ObjectsRead } from './read-files-at.js';
import { makeReadOnlyGit, type ReadOnlyGit } from './read-only-git.js';
import { readRefs, type RefsRead } from './read-refs.js';
import { readSmallFile } from './read-small-file.js';
import { readBranchReflogs, readReflogFile } from './read-reflogs.js';
import { observeLinked, readSiblings, readStatus, readWorktreeRecords } from './read-worktrees.js';
import { exportCommit, runApp } from './run-app.js';
import type { CommitInfo, Evidence, FilesAt, LinkedWorktreeObservation, LocalRecords, Reflog, SubmissionInfo } from './types.js';
import { formatCommand } from '../process/command-result.js';
import { compareText } from '../text/compare-text.js';

export interface GatherOptions {
  readonly git: GitBinary;
  /** @default 5 */
  readonly secondsPerCommand?: number;
  /**
   * Branches whose history (commits with their diffs, lab files, graph) graders read; other branches
   * are listed with their tips only. @default every branch, and every tag
   */
  readonly historyBranches?: readonly string[];
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

/** The local records that are plain files (no git process): worktree records, reflogs, MERGE_HEAD. */
interface LocalFiles {
  readonly records: LocalRecords['worktrees'];
  /** HEAD reflogs of the main worktree (first, when it has one) and of each linked one. */
  readonly headReflogs: readonly Reflog[];
  readonly mergeHead: string | undefined;
  readonly branchReflogs: readonly Reflog[];
  readonly snapshot: SnapshotRead;
}

async function readLocalFiles(gitDir: string, canSeeFolders: boolean): Promise<LocalFiles> {
  const [{ records, reflogs }, mainHead, mergeHead, branchReflogs, snapshot] = await Promise.all([
    readWorktreeRecords(gitDir, canSeeFolders),
    readReflogFile(join(gitDir, 'logs', 'HEAD'), 'HEAD', 'main'),
    readSmallFile(join(gitDir, 'MERGE_HEAD')),
    readBranchReflogs(gitDir),
    readSnapshot(gitDir),
  ]);
  return { records, headReflogs: [...(mainHead ? [mainHead] : []), ...reflogs], mergeHead: mergeHead?.trim().split('\n')[0], branchReflogs, snapshot };
}

/** Completes the local records with what needs git: the folders' status, and the snapshot checked against the objects the repository holds. */
async function readLocal(reader: ReadOnlyGit, opened: OpenedSubmission, canSeeFolders: boolean, files: LocalFiles, objects: Promise<ObjectsRead>): Promise<LocalRecords> {
  const { records, mergeHead } = files;
  const linked: LinkedWorktreeObservation[] = [];
  let mainUncommitted: string[] = [];
  let siblings: LocalRecords['siblings'] = [];
  if (canSeeFolders && opened.mainWorktree !== undefined) {
    const [observed, status, found] = await Promise.all([
      Promise.all(records.map((record) => observeLinked(reader, record))),
      readStatus(reader, opened.mainWorktree),
      readSiblings(opened.mainWorktree, records),
    ]);
    linked.push(...observed.filter((observation): observation is LinkedWorktreeObservation => observation !== undefined));
    mainUncommitted = (status ?? []).filter((line) => !line.startsWith('!!'));
    siblings = found;
  }
  const snapshot = verifySnapshot(files.snapshot, files.headReflogs, (await objects).types);
  const liveIds = new Set(files.headReflogs.map((log) => log.owner));
  const headReflogs: Reflog[] = [...files.headReflogs, ...snapshot.headReflogs.filter((log) => log.owner !== 'main' && !liveIds.has(log.owner))];
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
    branchReflogs: files.branchReflogs,
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
  await checkExportSize(reader, mainTip);
  await exportCommit(reader, mainTip, exportFolder);
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
 * The commits whose history graders read: the history branches (every branch when none are named,
 * and then tags too), HEAD, MERGE_HEAD, linked worktrees' HEADs and rebased branches' earlier tips.
 */
function historyTips(refs: RefsRead, files: LocalFiles | undefined, historyBranches: readonly string[] | undefined): string[] {
  const named = historyBranches === undefined ? undefined : new Set(historyBranches);
  return [
    ...refs.branches.filter((branch) => named === undefined || named.has(branch.name)).map((branch) => branch.tip),
    ...(named === undefined ? refs.tags : []),
    ...(refs.head.commit ? [refs.head.commit] : []),
    ...(files?.mergeHead ? [files.mergeHead] : []),
    ...(files?.records.flatMap((record) => (record.head ? [record.head] : [])) ?? []),
    // A rebased branch's tip from before the rebase, so graders can see where it first forked.
    ...(files?.branchReflogs
      .filter((log) => named === undefined || named.has(log.owner))
      .flatMap((log) => log.entries.filter((entry) => entry.action.startsWith('rebase')).map((entry) => entry.old)) ?? []),
  ];
}

/** The history graph shown in reports: of every ref, or of the history branches and HEAD. */
function readGraph(reader: ReadOnlyGit, refs: RefsRead, gitDir: string, historyBranches: readonly string[] | undefined): Promise<CommandResult> {
  const limit = ['log', '--graph', '--oneline', '--decorate', '--color=never', '-n', '200'];
  if (historyBranches === undefined) return reader.inRepo([...limit, '--all'], gitDir);
  const named = new Set(historyBranches);
  const starts = refs.branches.filter((branch) => named.has(branch.name)).map((branch) => `refs/heads/${branch.name}`);
  return reader.inRepo([...limit, ...starts, ...(refs.head.commit ? ['HEAD'] : []), '--'], gitDir);
}

/**
 * Refuses (exit 2) a repository none of whose read commits holds a top-level `cli.py`: it is not the lab's
 * tasks-app (a course clone, a parent folder). Names a folder that holds `cli.py` when the history shows one.
 */
function refuseWithoutApp(opened: OpenedSubmission, commits: readonly CommitInfo[], files: readonly FilesAt[]): void {
  if (files.some((entry) => entry.files['cli.py'] !== null && entry.files['cli.py'] !== undefined)) return;
  const paths = commits.flatMap((commit) => commit.files.map((file) => file.path));
  if (paths.includes('cli.py')) return;
  const nested = paths.filter((path) => path.endsWith('/cli.py')).sort((a, b) => a.split('/').length - b.split('/').length || compareText(a, b))[0];
  const folder = nested === undefined ? undefined : nested.slice(0, -'/cli.py'.length);
  const next = folder === undefined
    ? 'Grade your tasks-app folder (the one holding cli.py): npx wtlab grade ~/ai-workflow-course/tasks-app'
    : opened.mainWorktree !== undefined
      ? `Its ${folder}/ holds a cli.py: make that folder the tasks-app's own repository and grade it: cd ${formatCommand([join(opened.mainWorktree, folder)])} && git init -b main`
      : `Its ${folder}/ holds a cli.py: grade the tasks-app's own repository instead.`;
  throw new UserError('NOT_THE_LAB_APP', `${opened.source} does not look like the lab's tasks-app: none of its commits holds a cli.py at the top. ${next}`);
}

/**
 * Gathers every fact graders use from an opened submission, with as few git processes as it can;
 * after the refs, the reads that do not need each other run side by side (the app's Python run
 * overlaps the git calls). Only the history branches' history is read, so unrelated branches cost
 * a line of `for-each-ref` each, not a walk of their commits.
 */
export async function gatherEvidence(opened: OpenedSubmission, options: GatherOptions): Promise<Evidence> {
  const described = describeSubmission(opened);
  const [reader, localFiles] = await Promise.all([
    makeReadOnlyGit({ git: options.git, gitDir: opened.gitDir, scratch: opened.scratch, ...(opened.mainWorktree !== undefined ? { mainWorktree: opened.mainWorktree } : {}), ...(opened.unpackedRoot !== undefined ? { within: opened.unpackedRoot } : {}) }),
    described.localRecords ? readLocalFiles(opened.gitDir, described.siblingFolders) : undefined,
  ]);
  const refs = await readRefs(reader);
  const mainBranch = refs.branches.some((branch) => branch.name === 'main') ? 'main' : refs.branches.some((branch) => branch.name === 'master') ? 'master' : undefined;
  const mainTip = refs.branches.find((branch) => branch.name === mainBranch)?.tip;
  const historyBranches = options.historyBranches;
  const filesAt = refs.branches.filter((branch) => historyBranches === undefined || branch.name === mainBranch || historyBranches.includes(branch.name));
  // One cat-file reads the lab files and checks the commits a snapshot names.
  const objects = readFilesAt(reader, filesAt.map((branch) => ({ ref: branch.name, commit: branch.tip })), { ids: (localFiles?.snapshot.named ?? []).filter(isObjectId) });
  const [commits, localRead, { files }, onMain, mainFolder, graph] = await Promise.all([
    readCommits(reader, historyTips(refs, localFiles, historyBranches)),
    localFiles === undefined ? undefined : readLocal(reader, opened, described.siblingFolders, localFiles, objects),
    objects,
    runOnMain(reader, opened, mainTip, options),
    readMainFolder(reader, opened, described),
    readGraph(reader, refs, opened.gitDir, historyBranches),
  ]);
  // A fresh clone or CI checkout has a folder's records but none of the lab's work in them: graded like a clone.
  const covers = localRead !== undefined && recordsCoverWork(localRead);
  const local = covers ? localRead : undefined;
  const submission: SubmissionInfo = localRead === undefined || covers
    ? described
    : { ...described, localRecords: false, missingRecordsReason: 'its reflogs record only how it was checked out (a fresh clone or a CI checkout), not the lab\'s work' };
  if (commits.length === 0 && refs.branches.length === 0) {
    throw new UserError('EMPTY_REPO', `${opened.source} has no commits yet. Commit the start snapshot first: git add -A && git commit -m "start"`);
  }
  refuseWithoutApp(opened, commits, files);
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
