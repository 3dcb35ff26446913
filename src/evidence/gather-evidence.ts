import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors/user-error.js';
import type { GitBinary } from '../git/git-binary.js';
import type { CommandResult } from '../process/command-result.js';
import type { OpenedSubmission } from '../submission/types.js';
import { checkExportSize } from './check-export-size.js';
import { settleAll } from './settle-all.js';
import { scanFolder } from './conflict-markers.js';
import { readCommits } from './read-commits.js';
import { readSnapshot, type SnapshotRead } from './read-snapshot.js';
import { checkCommittedRecord } from '../record/check-committed-record.js';
import { RECORD_FILE } from '../record/record-file.js';
import { isObjectId, verifySnapshot } from './verify-snapshot.js';
import { readFilesAt, type ObjectsRead } from './read-files-at.js';
import { makeReadOnlyGit, type ReadOnlyGit } from './read-only-git.js';
import { readRefs, type RefsRead } from './read-refs.js';
import { readLearnerFile, readSmallFile } from './read-small-file.js';
import { unreadableError } from './unreadable.js';
import { readReflogs } from './read-reflogs.js';
import { observeLinked, readSiblings, readStatus, readWorktreeRecords, worktreeHeadReflogs } from './read-worktrees.js';
import { compareText } from '../text/compare-text.js';
import { copyExport, exportCommit, runApp, type AppPlanStep } from './run-app.js';
import { processAppRuns, type AppRunCache } from './app-run-cache.js';
import { sandboxMode } from '../sandbox/sandbox-mode.js';
import { treeIdWithout } from './tree-without.js';
import type { AppBehaviour, CommitInfo, Evidence, FilesAt, LinkedWorktreeObservation, LocalRecords, Reflog, StartRun, SubmissionInfo } from './types.js';
import { formatCommand } from '../process/command-result.js';

/** The commit graph as read: what a start is found from. */
export type CommitGraph = Pick<Evidence, 'mainBranch' | 'branches' | 'commits'>;

/** How the app is run: on an export of the learner's start and of main, the same script on both. */
export interface AppRunOptions {
  /** Commands run first, on a throwaway export of the start; what they print is what `script` is made from. @default none */
  readonly probe?: readonly AppPlanStep[];
  /** The script run on the start's export and on main's, in the same order; `probe` holds the probe's runs (no runs when there is no start). */
  readonly script: (probe: AppBehaviour) => readonly AppPlanStep[];
  /** The learner's start commit, from the commit graph; undefined when none can be told (the app then runs on main only). */
  readonly findStart: (graph: CommitGraph) => string | undefined;
}

/** What the engine needs to know about the lab to gather its evidence (graders/index.ts gives the lab's). */
export interface LabEvidenceOptions {
  /** The learner's main branch: the first of these that exists (e.g. `main`, then `master`). */
  readonly mainBranches: readonly string[];
  /** Files (paths from the repository's root) read at main and at each history branch's tip. */
  readonly labFiles: readonly string[];
  /** The quiz answers file, read on main and in the main folder. */
  readonly quizFile: string;
  /** The app's runtime state file in each worktree (e.g. `tasks.json`): looked for, and not counted as uncommitted work. */
  readonly stateFile: string;
  /**
   * The app's entry file (e.g. `cli.py`): a repository none of whose commits holds it at the top is refused as not
   * the lab's app (UserError, exit 2). @default no such check
   */
  readonly appEntry?: string;
  readonly app: AppRunOptions;
  /**
   * Branches whose history (commits with their diffs, lab files, graph) graders read; other branches
   * are listed with their tips only. @default every branch, and every tag
   */
  readonly historyBranches?: readonly string[];
}

export interface GatherOptions extends LabEvidenceOptions {
  readonly git: GitBinary;
  /** Seconds each app command may take. @default 5 */
  readonly secondsPerCommand?: number;
  /** Where finished app runs are kept and looked up by tree; `false` runs every time. @default processAppRuns, shared by the process */
  readonly appRuns?: AppRunCache | false;
}

const DEFAULT_SECONDS = 5;

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

/** The local records read before the commits: worktree records, reflogs (through git), MERGE_HEAD and the snapshot file. */
interface LocalFiles {
  readonly records: LocalRecords['worktrees'];
  /** HEAD reflogs of the main worktree (first, when it has one) and of each linked one. */
  readonly headReflogs: readonly Reflog[];
  readonly mergeHead: string | undefined;
  readonly branchReflogs: readonly Reflog[];
  readonly snapshot: SnapshotRead;
}

/** Reads the local records; reflogs and branches come from git, so files and reftable repositories give the same records. */
async function readLocalFiles(reader: ReadOnlyGit, canSeeFolders: boolean, refs: Promise<RefsRead>): Promise<LocalFiles> {
  const gitDir = reader.gitDir;
  const [records, mergeHead, snapshot, { branches }] = await Promise.all([
    readWorktreeRecords(reader, canSeeFolders),
    readSmallFile(join(gitDir, 'MERGE_HEAD')),
    readSnapshot(gitDir),
    refs,
  ]);
  const branchRequests = branches.map((branch) => ({ ref: `refs/heads/${branch.name}`, owner: branch.name }));
  const reflogs = await readReflogs(reader, [{ ref: 'HEAD', owner: 'main' }, ...worktreeHeadReflogs(records), ...branchRequests]);
  const headReflogs = reflogs.filter((log) => !log.ref.startsWith('refs/heads/'));
  const branchReflogs = reflogs.filter((log) => log.ref.startsWith('refs/heads/')).sort((a, b) => compareText(a.owner, b.owner));
  return { records, headReflogs, mergeHead: mergeHead?.trim().split('\n')[0], branchReflogs, snapshot };
}

/** Completes the local records with what needs git: the folders' status, and the snapshot checked against the objects the repository holds. */
async function readLocal(
  reader: ReadOnlyGit,
  opened: OpenedSubmission,
  canSeeFolders: boolean,
  files: LocalFiles,
  objects: Promise<ObjectsRead>,
  stateFile: string,
): Promise<LocalRecords> {
  const { records, mergeHead } = files;
  const linked: LinkedWorktreeObservation[] = [];
  let mainUncommitted: string[] = [];
  let siblings: LocalRecords['siblings'] = [];
  if (canSeeFolders && opened.mainWorktree !== undefined) {
    const [observed, status, found] = await Promise.all([
      Promise.all(records.map((record) => observeLinked(reader, record, { stateFile }))),
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

/** The folder in the grade's scratch that holds main's export (listed, scanned, then run). */
const MAIN_EXPORT = 'export';

/** Main's export as read: its files and markers, and the tree id its app runs are kept under. */
interface MainExport extends Pick<Evidence, 'mainTracked' | 'conflictMarkers'> {
  /** Main's tree less a committed record (see exportMain); undefined when main has no record at its top. */
  readonly appTree?: string;
}

/**
 * Exports main's tree, lists it and scans it for conflict markers. A record committed at its top (wtlab's, not the
 * app's) is then taken out of the export, so the app runs on the tree the learner had before committing it: the
 * same repo graded before and after its record runs the app once per process (the app-run cache, by `appTree`).
 */
async function exportMain(reader: ReadOnlyGit, opened: OpenedSubmission, mainTip: string | undefined): Promise<MainExport> {
  if (mainTip === undefined) return { mainTracked: [], conflictMarkers: [] };
  const exportFolder = join(opened.scratch, MAIN_EXPORT);
  const { top } = await checkExportSize(reader, mainTip);
  await exportCommit(reader, mainTip, exportFolder);
  const mainTracked = await listTree(exportFolder);
  const conflictMarkers = await scanFolder(exportFolder, mainTracked, 'commit');
  const record = top.find((entry) => entry.name === RECORD_FILE && entry.type === 'blob');
  const appTree = record === undefined ? undefined : treeIdWithout(top, RECORD_FILE);
  if (appTree === undefined) return { mainTracked, conflictMarkers };
  await rm(join(exportFolder, RECORD_FILE), { force: true });
  return { mainTracked, conflictMarkers, appTree };
}

/** Runs with the export's temp path cut out of their output (a traceback's `File "/tmp/.../cli.py"` reads `File "cli.py"`), so runs in two exports compare. */
function withoutFolder(app: AppBehaviour, folder: string): AppBehaviour {
  const cut = (text: string) => text.split(`${folder}/`).join('').split(folder).join('.');
  return { ...app, runs: app.runs.map((run) => ({ ...run, stdout: cut(run.stdout), stderr: cut(run.stderr) })) };
}

/**
 * Runs the app: the probe on a copy of the start's export, then the script made from it on the start's
 * export and on main's, one after the other in the same Python driver. The start is not exported or
 * run again when it is main itself (main's export, made before, is copied for the probe), and a run
 * of a tree this process already ran the same way is taken from `options.appRuns` (app-run-cache.ts).
 */
async function runApps(
  reader: ReadOnlyGit,
  opened: OpenedSubmission,
  mainTip: string | undefined,
  graph: CommitGraph,
  options: GatherOptions,
  mainAppTree: string | undefined,
): Promise<{ app: AppBehaviour; start?: StartRun }> {
  if (mainTip === undefined) return { app: { ran: false, reason: 'there is no main branch to run', runs: [] } };
  const secondsPerCommand = options.secondsPerCommand ?? DEFAULT_SECONDS;
  const path = process.env.PATH ?? '/usr/bin:/bin';
  const cache = options.appRuns === undefined ? processAppRuns : options.appRuns || undefined;
  // Main's export lacks a committed record (exportMain): its runs are kept under the tree without it.
  const trees = new Map(graph.commits.map((commit) => [commit.hash, commit.hash === mainTip ? (mainAppTree ?? commit.tree) : commit.tree]));
  const startCommit = options.app.findStart(graph);
  const probePlan = options.app.probe ?? [];
  const mainFolder = join(opened.scratch, MAIN_EXPORT);
  const startFolder = join(opened.scratch, 'export-start');
  // Exports share the private view's index: one at a time, and only for a run not already made. Each run gets an export of its own
  // (a sandboxed run takes its folder away): one read-tree per commit, and a copy of it for the probe, so a start that is main's tip
  // costs no git process of its own.
  let startExported = startCommit === mainTip;
  const startExport = async () => {
    if (!startExported && startCommit !== undefined) await exportCommit(reader, startCommit, startFolder);
    startExported = true;
    return startCommit === mainTip ? mainFolder : startFolder;
  };
  const run = async (name: string, commit: string, plan: readonly AppPlanStep[], folder: () => Promise<string>) => {
    const tree = trees.get(commit);
    const key =
      tree === undefined ? undefined : { tree, plan: plan.map((step) => [step.name, step.args]), secondsPerCommand, path, sandboxMode: sandboxMode() };
    const kept = key === undefined ? undefined : cache?.get(key);
    if (kept !== undefined) return kept;
    const at = await folder();
    const made = withoutFolder(await runApp({ folder: at, plan, scratch: join(opened.scratch, `app-${name}`), secondsPerCommand, path }), at);
    if (key !== undefined) cache?.set(key, made);
    return made;
  };
  const probe: AppBehaviour =
    startCommit !== undefined && probePlan.length > 0
      ? await run('probe', startCommit, probePlan, async () => {
          const probeFolder = join(opened.scratch, 'export-probe');
          await copyExport(await startExport(), probeFolder);
          return probeFolder;
        })
      : { ran: false, reason: 'no probe was asked for', runs: [] };
  const script = options.app.script(probe);
  const startApp = startCommit !== undefined && startCommit !== mainTip ? await run('start', startCommit, script, startExport) : undefined;
  const app = await run('main', mainTip, script, async () => mainFolder);
  if (startCommit === undefined) return { app };
  return { app, start: { commit: startCommit, probe, app: startApp ?? app } };
}

/** Conflict markers in the main folder's tracked files, and its working copy of the quiz. */
async function readMainFolder(
  reader: ReadOnlyGit,
  opened: OpenedSubmission,
  submission: SubmissionInfo,
  quizFile: string,
): Promise<{ markers: Evidence['conflictMarkers']; quiz: string | undefined }> {
  if (opened.mainWorktree === undefined) return { markers: [], quiz: undefined };
  let markers: Evidence['conflictMarkers'] = [];
  if (submission.siblingFolders || opened.kind === 'archive') {
    const listed = await reader.inRepo(['ls-files', '-z'], opened.mainWorktree);
    const tracked = listed.exitCode === 0 ? listed.stdout.split('\0').filter(Boolean) : [];
    markers = await scanFolder(opened.mainWorktree, tracked, 'worktree');
  }
  const quiz = await readLearnerFile(join(opened.mainWorktree, quizFile));
  // An answers file this process may not open is not a missing one.
  if (!quiz.ok && quiz.reason === 'denied') throw unreadableError(join(opened.mainWorktree, quizFile), { fix: { folder: opened.mainWorktree } });
  return { markers, quiz: quiz.ok ? quiz.bytes.toString('utf8') : undefined };
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
 * Refuses (exit 2) a repository none of whose read commits holds the app's entry file at its top: it is not the
 * lab's app (a course clone, a parent folder). Names a folder that holds the entry file when the history shows one.
 */
function refuseWithoutApp(opened: OpenedSubmission, commits: readonly CommitInfo[], files: readonly FilesAt[], entry: string | undefined): void {
  if (entry === undefined) return;
  if (files.some((at) => at.files[entry] !== null && at.files[entry] !== undefined)) return;
  const paths = commits.flatMap((commit) => commit.files.map((file) => file.path));
  if (paths.includes(entry)) return;
  const nested = paths.filter((path) => path.endsWith(`/${entry}`)).sort((a, b) => a.split('/').length - b.split('/').length || compareText(a, b))[0];
  const folder = nested === undefined ? undefined : nested.slice(0, -(entry.length + 1));
  const next =
    folder === undefined
      ? `Grade the app's own folder instead: the one that holds ${entry} and its .git.`
      : opened.mainWorktree !== undefined
        ? `Its ${folder}/ holds a ${entry}: make that folder the app's own repository and grade it: cd ${formatCommand([join(opened.mainWorktree, folder)])} && git init -b main`
        : `Its ${folder}/ holds a ${entry}: grade the app's own repository instead.`;
  throw new UserError('NOT_THE_LAB_APP', `${opened.source} does not look like the lab's app: none of its commits holds a ${entry} at the top. ${next}`);
}

/**
 * Gathers every fact graders use from an opened submission, with as few git processes as it can;
 * after the refs, the reads that do not need each other run side by side (the app's Python run
 * overlaps the git calls). Only the history branches' history is read, so unrelated branches cost
 * a line of `for-each-ref` each, not a walk of their commits.
 */
export async function gatherEvidence(opened: OpenedSubmission, options: GatherOptions): Promise<Evidence> {
  const described = describeSubmission(opened);
  const reader = await makeReadOnlyGit({
    git: options.git,
    gitDir: opened.gitDir,
    scratch: opened.scratch,
    ...(opened.mainWorktree !== undefined ? { mainWorktree: opened.mainWorktree } : {}),
    ...(opened.unpackedRoot !== undefined ? { within: opened.unpackedRoot } : {}),
  });
  const reading = readRefs(reader);
  const [refs, localFiles] = await settleAll([reading, described.localRecords ? readLocalFiles(reader, described.siblingFolders, reading) : undefined]);
  const mainBranch = options.mainBranches.find((name) => refs.branches.some((branch) => branch.name === name));
  const mainTip = refs.branches.find((branch) => branch.name === mainBranch)?.tip;
  const historyBranches = options.historyBranches;
  const filesAt = refs.branches.filter((branch) => historyBranches === undefined || branch.name === mainBranch || historyBranches.includes(branch.name));
  // One cat-file reads the lab files and checks the commits a snapshot names.
  const objects = readFilesAt(
    reader,
    filesAt.map((branch) => ({ ref: branch.name, commit: branch.tip })),
    { paths: [...new Set([...options.labFiles, RECORD_FILE])], ids: (localFiles?.snapshot.named ?? []).filter(isObjectId) },
  );
  const commitsRead = readCommits(reader, historyTips(refs, localFiles, historyBranches));
  const onMainRead = exportMain(reader, opened, mainTip);
  // The app runs as soon as the commits say where the start is (and main's export is done: exports take turns), beside the other reads.
  const appsRun = Promise.all([commitsRead, onMainRead]).then(([commits, onMain]) =>
    runApps(reader, opened, mainTip, { mainBranch, branches: refs.branches, commits }, options, onMain.appTree),
  );
  const [commits, localRead, { files }, onMain, mainFolder, graph, apps] = await settleAll([
    commitsRead,
    localFiles === undefined ? undefined : readLocal(reader, opened, described.siblingFolders, localFiles, objects, options.stateFile),
    objects,
    onMainRead,
    readMainFolder(reader, opened, described, options.quizFile),
    readGraph(reader, refs, opened.gitDir, historyBranches),
    appsRun,
  ]);
  // A fresh clone or CI checkout has a folder's records but none of the lab's work in them: graded like a clone.
  const covers = localRead !== undefined && recordsCoverWork(localRead);
  const local = covers ? localRead : undefined;
  const submission: SubmissionInfo =
    localRead === undefined || covers
      ? described
      : {
          ...described,
          localRecords: false,
          missingRecordsReason: "its reflogs record only how it was checked out (a fresh clone or a CI checkout), not the lab's work",
        };
  if (commits.length === 0 && refs.branches.length === 0) {
    throw new UserError('EMPTY_REPO', `${opened.source} has no commits yet. Commit the start snapshot first: git add -A && git commit -m "start"`);
  }
  refuseWithoutApp(opened, commits, files, options.appEntry);
  // Without local records (a clone, a CI checkout), a record committed on main may tell what the folder would have.
  const record =
    local === undefined
      ? await checkCommittedRecord(files.find((entry) => entry.ref === mainBranch)?.files[RECORD_FILE], {
          commits,
          branches: refs.branches,
          objectTypes: async (ids) => (await readFilesAt(reader, [], { paths: [], ids })).types,
        })
      : undefined;
  const { mainTracked, conflictMarkers: committedMarkers } = onMain;
  const worktreeMarkers = mainFolder.markers;
  const quizWorkingTree = mainFolder.quiz;
  const { app, start } = apps;
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
    quiz: { committed: files.find((entry) => entry.ref === mainBranch)?.files[options.quizFile] ?? undefined, workingTree: quizWorkingTree },
    app,
    ...(start ? { start } : {}),
    local,
    ...(record !== undefined ? { record } : {}),
    graph: graph.exitCode === 0 ? graph.stdout : '',
  };
}
