import { ancestors, commitByHash, short } from '../src/evidence/commit-graph.js';
import type { Evidence } from '../src/evidence/types.js';
import { defineCriterion, fail, pass, skip, type CheckOutcome } from '../src/grade/define-criterion.js';
import { addsFeature, branchCreatedAt, branchReflog, featureTip, findStart, labCommits, mainHeadReflog, ownCommits } from './support/lab-facts.js';
import { FEATURES, GRADE_FOLDER, otherFeature, REMAINING, siblingPath, WIPE, type Feature } from './lab.js';
import { skipForRecords, withRecord } from './support/record-view.js';
import { runtimeTarget, untrackCommands } from './support/runtime-state.js';

function featureBranches(evidence: Evidence): CheckOutcome {
  const found = FEATURES.map((feature) => [feature, featureTip(evidence, feature)] as const);
  const missing = found.filter(([, tip]) => tip === undefined).map(([feature]) => feature);
  if (missing.length > 0) {
    const first = missing[0] as Feature;
    return fail({
      message: `${missing.map((feature) => feature.branch).join(' and ')} cannot be found: no branch and no merge of it.`,
      hint: `Create it in its own worktree: git worktree add ${siblingPath(first.folder)} -b ${first.branch}`,
    });
  }
  return pass({
    message: 'Both feature branches exist.',
    evidence: found.map(([feature, tip]) => `${feature.branch}: ${short(tip?.tip)} (from ${tip?.source})`).join('\n'),
  });
}

function eachHasItsFeature(evidence: Evidence): CheckOutcome {
  for (const feature of FEATURES) {
    const commits = ownCommits(evidence, feature);
    if (!commits.some((commit) => addsFeature(commit, feature))) {
      return fail({
        message: `${feature.branch} has no commit that adds the ${feature.command} command.`,
        hint: `Commit agent ${feature.agent}'s work in its worktree: cd ${siblingPath(feature.folder)} && git commit -am "Add ${feature.command} command"`,
      });
    }
  }
  return pass({
    message: 'Each feature branch has a commit that adds its command.',
    evidence: FEATURES.map(
      (feature) =>
        `${feature.branch}: ${ownCommits(evidence, feature)
          .map((commit) => `${short(commit.hash)} ${commit.subject}`)
          .join(', ')}`,
    ).join('\n'),
  });
}

/** Where a feature's work started: the commit its branch was created from (its reflog), else the parent of its oldest own commit. */
function forkPoint(evidence: Evidence, feature: Feature): { readonly commit: string; readonly from: 'reflog' | 'graph' } | undefined {
  const created = branchReflog(evidence, feature.branch)?.entries.find((entry) => entry.action === 'branch');
  if (created !== undefined && commitByHash(evidence, created.new) !== undefined) return { commit: created.new, from: 'reflog' };
  const oldest = ownCommits(evidence, feature).at(-1);
  const parent = oldest?.parents[0];
  return parent === undefined ? undefined : { commit: parent, from: 'graph' };
}

/** Whether a commit's history already holds a commit of the lab's work that adds the feature (earlier modules' commits do not count). */
function historyHas(evidence: Evidence, commit: string, feature: Feature): boolean {
  const history = ancestors(evidence, commit);
  return labCommits(evidence).some((candidate) => history.has(candidate.hash) && addsFeature(candidate, feature));
}

/** Whether a feature's own commits were rewritten after they were written (a rebase or cherry-pick keeps the author date). */
function rewritten(evidence: Evidence, feature: Feature): boolean {
  const own = ownCommits(evidence, feature);
  return own.length > 0 && own.every((commit) => commit.authorTime < commit.commitTime);
}

function notSequential(evidence: Evidence): CheckOutcome {
  for (const feature of FEATURES) {
    const other = otherFeature(feature);
    const fork = forkPoint(evidence, feature);
    // Judged by where the work started, not by the tip: a branch later rebased onto main, or with main merged into it, still started in parallel.
    if (fork !== undefined && historyHas(evidence, fork.commit, other)) {
      if (fork.from === 'graph' && rewritten(evidence, feature)) {
        return skip({
          message: `${feature.branch} was rebased onto work that has ${other.command}, so the commit graph alone cannot tell whether the two were built in parallel.`,
          hint: `Grade the folder itself, whose reflogs show where the branch started: ${GRADE_FOLDER}`,
        });
      }
      return fail({
        message: `${feature.branch} starts from work that already has ${other.command}: the two features were built one after the other, not in parallel.`,
        hint: `Fork both branches from the same main before either agent commits: git worktree add ${siblingPath(WIPE.folder)} -b ${WIPE.branch} && git worktree add ${siblingPath(REMAINING.folder)} -b ${REMAINING.branch}`,
        evidence: `${feature.branch} started at ${short(fork.commit)} (${fork.from === 'reflog' ? `logs/refs/heads/${feature.branch}` : 'parent of its first commit'}), which contains ${other.branch}'s work`,
      });
    }
    const created = branchCreatedAt(evidence, feature);
    const otherFirst = ownCommits(evidence, other)
      .map((commit) => commit.authorTime)
      .sort((a, b) => a - b)[0];
    if (created !== undefined && otherFirst !== undefined && created > otherFirst) {
      return fail({
        message: `${feature.branch} was created after ${other.branch}'s work was committed: the agents worked one after the other.`,
        hint: `Create both worktrees before either agent starts: git worktree add ${siblingPath(feature.folder)} -b ${feature.branch}`,
        evidence: `${feature.branch} created ${new Date(created * 1000).toISOString()}; ${other.branch} committed ${new Date(otherFirst * 1000).toISOString()}`,
      });
    }
  }
  const forks = FEATURES.map((feature) => {
    const rebased = branchReflog(evidence, feature.branch)?.entries.some((entry) => entry.action.startsWith('rebase'));
    return `${feature.branch} started at ${short(forkPoint(evidence, feature)?.commit)}${rebased ? ` (its reflog; ${feature.branch} was rebased later)` : ''}`;
  });
  return pass({
    message: 'Both branches start from work that has neither feature, and neither was made after the other was committed.',
    evidence: forks.join('\n'),
  });
}

function committedInLinkedWorktrees(evidence: Evidence): CheckOutcome {
  if (evidence.local === undefined) return skipForRecords(evidence, 'Where each commit was made');
  const log = mainHeadReflog(evidence);
  if (log === undefined)
    return skip({
      message: 'The main folder has no HEAD reflog (logs/HEAD), so where the commits were made cannot be seen.',
      hint: `Grade the learner's own folder: ${GRADE_FOLDER}`,
    });
  for (const feature of FEATURES) {
    const own = new Set(ownCommits(evidence, feature).map((commit) => commit.hash));
    const inMain = log.entries.find((entry) => entry.action.startsWith('commit') && own.has(entry.new));
    if (inMain !== undefined) {
      return fail({
        message: `${feature.branch}'s commit ${short(inMain.new)} was made in the main folder, not in its linked worktree.`,
        hint: `Let each agent commit in its own folder: cd ${siblingPath(feature.folder)} && git commit -am "Add ${feature.command} command"`,
        evidence: `logs/HEAD: ${inMain.message}`,
      });
    }
  }
  const where = FEATURES.map((feature) => {
    const own = new Set(ownCommits(evidence, feature).map((commit) => commit.hash));
    const linked = evidence.local?.headReflogs.find(
      (candidate) => candidate.owner !== 'main' && candidate.entries.some((entry) => own.has(entry.new) && entry.action.startsWith('commit')),
    );
    return `${feature.branch}: ${linked ? `committed in ${linked.ref}` : 'not committed in the main folder (logs/HEAD)'}`;
  });
  return pass({ message: 'No feature commit was made in the main folder.', evidence: where.join('\n') });
}

function noCrossFeature(evidence: Evidence): CheckOutcome {
  for (const feature of FEATURES) {
    const other = otherFeature(feature);
    const touching = ownCommits(evidence, feature).find((commit) => addsFeature(commit, other));
    if (touching !== undefined) {
      return fail({
        message: `${feature.branch}'s commit ${short(touching.hash)} also adds ${other.command}, agent ${other.agent}'s feature.`,
        hint: `Keep each agent to its own feature: undo that part on ${feature.branch} (cd ${siblingPath(feature.folder)} && git revert ${short(touching.hash)}) and leave ${other.command} to ${other.branch}.`,
        evidence: touching.added
          .filter((line) => other.code.test(line))
          .slice(0, 3)
          .join('\n'),
      });
    }
  }
  return pass({ message: 'Neither branch touches the other feature.' });
}

/** Runtime state: a worktree's own tasks.json, or Python's bytecode cache. */
const RUNTIME_STATE = /(^|\/)tasks\.json$|(^|\/)__pycache__\/|\.pyc$/;

/** How to keep a runtime path out for good, as far as main's .gitignore shows. */
function keepOut(evidence: Evidence, path: string): string {
  const { ignore } = runtimeTarget(evidence, path);
  return ignore === undefined ? "main's .gitignore already ignores it" : `ignore it from now on (${ignore} && git commit -m "Ignore runtime state")`;
}

function noRuntimeState(evidence: Evidence): CheckOutcome {
  // Only the lab's own commits are judged: state an earlier module committed (and later untracked) is not the lab's work.
  // Before either feature exists nothing is the lab's work yet; without a start, nothing can be told apart from what came before.
  const begun = FEATURES.some((feature) => featureTip(evidence, feature) !== undefined);
  const start = findStart(evidence);
  if (!begun || start === undefined) {
    return skip({
      message: "No commit of the lab's work can be told apart yet: neither feature branch exists, so there is no start to judge from.",
      hint: `Create the two worktrees first: git worktree add ${siblingPath(WIPE.folder)} -b ${WIPE.branch} && git worktree add ${siblingPath(REMAINING.folder)} -b ${REMAINING.branch}`,
    });
  }
  const judged = labCommits(evidence);
  for (const commit of judged) {
    const state = commit.files.find((file) => file.status !== 'D' && RUNTIME_STATE.test(file.path));
    if (state !== undefined) {
      const untracked = judged.find((later) => later.files.some((file) => file.path === state.path && file.status === 'D'));
      return fail({
        message: `Commit ${short(commit.hash)} ("${commit.subject}") holds ${state.path}, runtime state that belongs to one worktree only.`,
        hint:
          untracked === undefined
            ? `Untrack it and keep it out of git for good: ${untrackCommands(evidence, state.path)}`
            : `Commit ${short(untracked.hash)} untracks it again; ${keepOut(evidence, state.path)} and commit with git commit -am, never git add -f, so it stays out`,
        evidence: `${commit.hash} ${state.status} ${state.path}`,
        file: state.path,
      });
    }
  }
  const earlier = evidence.commits.length - judged.length;
  return pass({
    message: "No commit of the lab's work holds tasks.json or other runtime state.",
    evidence: `judged ${judged.length} commit(s) since the learner's start ${short(start)}${earlier > 0 ? `; ${earlier} earlier commit(s) are from before the lab` : ''}`,
  });
}

export default defineCriterion({
  id: 'parallel-agents',
  title: 'The two features were built in parallel, each in its own worktree',
  points: 20,
  checks: [
    { id: 'feature-branches', title: 'feature/wipe and feature/remaining exist', run: featureBranches },
    { id: 'each-has-its-feature', title: 'Each branch has a commit adding its command', dependsOn: ['feature-branches'], run: eachHasItsFeature },
    {
      id: 'not-sequential',
      title: 'Both branches fork from the same base, neither after the other',
      dependsOn: ['feature-branches'],
      run: withRecord(notSequential, { afterCleanup: false }),
    },
    {
      id: 'committed-in-linked-worktrees',
      title: 'Each feature was committed in its linked worktree',
      dependsOn: ['each-has-its-feature'],
      run: withRecord(committedInLinkedWorktrees, { afterCleanup: false }),
    },
    { id: 'no-cross-feature', title: "Neither branch touches the other's feature", dependsOn: ['each-has-its-feature'], run: noCrossFeature },
    { id: 'no-runtime-state', title: 'No tasks.json or other runtime state is committed', run: noRuntimeState },
  ],
});
