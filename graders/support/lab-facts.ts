import { ancestors, branchTip, commitByHash, commitsBetween, isAncestor, mergeBase } from '../../src/evidence/commit-graph.js';
import type { CommitGraph } from '../../src/evidence/gather-evidence.js';
import type { CommitInfo, Evidence, LinkedWorktreeObservation, Reflog } from '../../src/evidence/types.js';
import { APP_ENTRY, FEATURES, HISTORY_BRANCHES, otherFeature, type Feature, APP_MODULE } from '../lab.js';

/** Why local-only evidence is missing, for skip messages. */
export function missingLocal(evidence: Evidence): string {
  return evidence.submission.missingRecordsReason ?? `a ${evidence.submission.kind} has no reflogs or worktree records`;
}

/** The main worktree's HEAD reflog. */
export function mainHeadReflog(evidence: Evidence): Reflog | undefined {
  return evidence.local?.headReflogs.find((log) => log.owner === 'main');
}

/** A branch's reflog. */
export function branchReflog(evidence: Evidence, branch: string): Reflog | undefined {
  return evidence.local?.branchReflogs.find((log) => log.owner === branch);
}

/** Where a feature's tip was found: the branch, the merge into main recorded in HEAD's reflog, a merge commit's subject, or main's content. */
export interface FeatureTip {
  readonly tip: string;
  readonly source: 'branch' | 'reflog' | 'merge-commit' | 'content';
}

/**
 * Finds a feature's last commit even after its branch was deleted: by branch, by the merge in HEAD's reflog, by a
 * merge commit's subject, and last by content: the newest commit in main's history that brings the feature's code in
 * (a fast-forwarded branch deleted afterwards leaves no other trace in a clone).
 */
export function featureTip(evidence: Evidence, feature: Feature): FeatureTip | undefined {
  const tip = branchTip(evidence, feature.branch);
  if (tip !== undefined) return { tip, source: 'branch' };
  const merged = mainHeadReflog(evidence)
    ?.entries.filter((entry) => entry.action === `merge ${feature.branch}`)
    .pop();
  if (merged !== undefined) {
    const commit = commitByHash(evidence, merged.new);
    const second = commit && commit.parents.length > 1 ? commit.parents[1] : undefined;
    return { tip: second ?? merged.new, source: 'reflog' };
  }
  const subject = new RegExp(`^Merge (remote-tracking )?branch '${feature.branch.replace('/', '\\/')}'`);
  const mergeCommit = evidence.commits.find((commit) => commit.parents.length > 1 && subject.test(commit.subject));
  const second = mergeCommit?.parents[1];
  if (second !== undefined) return { tip: second, source: 'merge-commit' };
  const main = branchTip(evidence, evidence.mainBranch);
  if (main === undefined) return undefined;
  const history = ancestors(evidence, main);
  // Only a commit that changes the app's code counts (a committed record or notes may quote the command's name).
  const changesCode = (commit: CommitInfo) => commit.files.some((file) => file.path.endsWith('.py'));
  const adding = evidence.commits.find(
    (commit) => history.has(commit.hash) && commit.parents.length <= 1 && changesCode(commit) && addsFeature(commit, feature),
  );
  if (adding === undefined || builtUnderAnotherName(evidence, adding.hash)) return undefined;
  return { tip: adding.hash, source: 'content' };
}

/** Whether a commit is on a branch outside the lab's, or came in by a merge that names another branch: then the feature's branch had a wrong name, it is not gone. */
function builtUnderAnotherName(evidence: Evidence, commit: string): boolean {
  const others = evidence.branches.filter((branch) => !HISTORY_BRANCHES.includes(branch.name));
  if (others.some((branch) => ancestors(evidence, branch.tip).has(commit))) return true;
  const isLabName = (name: string) => FEATURES.some((feature) => name === feature.branch || name.endsWith(`/${feature.branch}`));
  return evidence.commits.some((merge) => {
    const named = /^Merge (?:remote-tracking )?branch '([^']+)'/.exec(merge.subject)?.[1];
    const side = merge.parents[1];
    if (named === undefined || isLabName(named) || side === undefined) return false;
    return ancestors(evidence, side).has(commit) && !ancestors(evidence, merge.parents[0]).has(commit);
  });
}

/** Whether a commit brings in a feature's code: more added lines carry it than removed lines did (an edited usage line that already named it does not count). */
export function addsFeature(commit: CommitInfo, feature: Feature): boolean {
  const count = (lines: readonly string[]) => lines.filter((line) => feature.code.test(line)).length;
  return count(commit.added) > count(commit.removed);
}

/**
 * The learner's start: the newest commit on main's first-parent line whose history brings in
 * neither feature. It is the commit the features grew from, the app on main is compared with (the
 * engine runs the app on it) and the line before which no commit is judged as the lab's work. It
 * holds for merges, fast-forwards, squash and rebase roads and deleted branches, and is main's tip
 * while nothing is merged yet (also before either feature exists); undefined without a main branch,
 * or when main's first commit already has a feature (then there is no start to compare with).
 * Read from the commit graph only, so a clone has the same start as the folder it came from.
 */
export function findStart(graph: CommitGraph): string | undefined {
  if (!starts.has(graph)) starts.set(graph, newestWithoutFeatures(graph));
  return starts.get(graph);
}

/** The start per graph (an evidence object): graders ask for it many times. */
const starts = new WeakMap<CommitGraph, string | undefined>();

function newestWithoutFeatures(evidence: CommitGraph): string | undefined {
  const tip = branchTip(evidence, evidence.mainBranch);
  if (tip === undefined) return undefined;
  const grown = new Map<string, boolean>();
  // Iterative, so a long history does not overflow the stack: a commit has grown when it or an ancestor adds a feature.
  const hasGrown = (hash: string): boolean => {
    const stack = [hash];
    while (stack.length > 0) {
      const current = stack[stack.length - 1] as string;
      if (grown.has(current)) {
        stack.pop();
        continue;
      }
      const commit = commitByHash(evidence, current);
      if (commit === undefined) {
        grown.set(current, false);
        stack.pop();
        continue;
      }
      const pending = commit.parents.filter((parent) => !grown.has(parent));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      const own = commit.parents.length <= 1 && FEATURES.some((feature) => addsFeature(commit, feature));
      grown.set(current, own || commit.parents.some((parent) => grown.get(parent) === true));
      stack.pop();
    }
    return grown.get(hash) === true;
  };
  let current: string | undefined = tip;
  while (current !== undefined) {
    if (!hasGrown(current)) return current;
    current = commitByHash(evidence, current)?.parents[0];
  }
  return undefined;
}

/** The commits of the lab's own work: every commit read that is not in the history of the learner's start (all of them while there is no start yet). */
export function labCommits(evidence: Evidence): CommitInfo[] {
  const before = ancestors(evidence, findStart(evidence));
  return evidence.commits.filter((commit) => !before.has(commit.hash));
}

/** The non-merge commits that make up a feature's own work (not the other feature's, not the shared start). */
export function ownCommits(evidence: Evidence, feature: Feature): CommitInfo[] {
  const mine = featureTip(evidence, feature);
  if (mine === undefined) return [];
  const theirs = featureTip(evidence, otherFeature(feature));
  let commits: CommitInfo[];
  if (theirs === undefined) {
    commits = commitsBetween(evidence, findStart(evidence), mine.tip).filter((commit) => addsFeature(commit, feature));
  } else if (isAncestor(evidence, mine.tip, theirs.tip)) {
    // Built on by the other branch (or never moved from the shared start): only commits since the start that bring this feature in are its own.
    commits = commitsBetween(evidence, findStart(evidence), mine.tip).filter((commit) => addsFeature(commit, feature));
  } else {
    commits = commitsBetween(evidence, mergeBase(evidence, mine.tip, theirs.tip), mine.tip);
  }
  return commits.filter((commit) => commit.parents.length <= 1);
}

/** Text of a lab file on main. */
export function mainFile(evidence: Evidence, path: string): string | null | undefined {
  return evidence.files.find((entry) => entry.ref === evidence.mainBranch)?.files[path];
}

/** Whether main's cli.py has a feature's command in its dispatch. */
export function mainHasFeature(evidence: Evidence, feature: Feature): boolean {
  const cli = mainFile(evidence, APP_ENTRY);
  return typeof cli === 'string' && new RegExp(`["']${feature.command}["']`).test(cli);
}

/** Whether the feature's tip commit is in main's history (merged or fast-forwarded). */
export function tipInMain(evidence: Evidence, feature: Feature): boolean {
  const tip = featureTip(evidence, feature);
  const main = branchTip(evidence, evidence.mainBranch);
  return tip !== undefined && main !== undefined && ancestors(evidence, main).has(tip.tip);
}

/** When the branch was created, from its reflog (`branch: Created from ...` or the first entry). */
export function branchCreatedAt(evidence: Evidence, feature: Feature): number | undefined {
  const entries = branchReflog(evidence, feature.branch)?.entries ?? [];
  return (entries.find((entry) => entry.action === 'branch') ?? entries[0])?.time;
}

/** The live or snapshot observation of a feature's linked worktree, preferring live. */
export function observation(evidence: Evidence, feature: Feature): LinkedWorktreeObservation | undefined {
  const seen = evidence.local?.linked.filter((candidate) => candidate.branch === feature.branch || candidate.path.endsWith(`/${feature.folder}`)) ?? [];
  return seen.find((candidate) => candidate.source === 'live') ?? seen[0];
}

/** Whether a feature's work is in main's history (a commit that adds it was merged) while main's cli.py lacks it: dropped while resolving. */
export function mergedButDropped(evidence: Evidence, feature: Feature): boolean {
  return !mainHasFeature(evidence, feature) && tipInMain(evidence, feature) && ownCommits(evidence, feature).some((commit) => addsFeature(commit, feature));
}

/**
 * How to bring a feature's code back into main when its branch is already in main's history but the
 * code is not (a conflict resolved with one side only): `git merge` would only say "Already up to
 * date", so the feature's own diff since the start is applied again, with conflict markers where
 * main moved on.
 */
export function reapplyFeature(evidence: Evidence, feature: Feature): string {
  const from = evidence.start?.commit ?? featureTip(evidence, feature)?.tip;
  const base = from === undefined ? `${feature.branch}~1` : from.slice(0, 7);
  return `git diff ${base} ${feature.branch} -- ${APP_ENTRY} ${APP_MODULE} | git apply --3way, keep both commands where it marks a conflict, then: git commit -am "Bring back ${feature.command}"`;
}
