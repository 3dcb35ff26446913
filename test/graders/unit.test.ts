import { describe, expect, it } from 'vitest';
import cleanedUp from '../../graders/cleaned-up.js';
import concepts from '../../graders/concepts.js';
import merged from '../../graders/merged.js';
import parallelAgents from '../../graders/parallel-agents.js';
import { detectStage } from '../../graders/stage.js';
import threeWorktrees from '../../graders/three-worktrees.js';
import type { Evidence } from '../../src/evidence/types.js';
import { exitCodeFor } from '../../src/cli/commands/grade.js';
import { defineCriterion, pass } from '../../src/grade/define-criterion.js';
import { gradeEvidence } from '../../src/grade/grade-submission.js';
import { runCriterion } from '../../src/grade/run-criterion.js';
import { entry, featureReflogs, finishedLab, H, workingApp } from '../support/lab-evidence.js';
import { lab } from '../../lab/index.js';
import { criterionIds } from '../../graders/index.js';

function statusOf(result: ReturnType<typeof runCriterion>, id: string) {
  return result.checks.find((check) => check.id === id);
}

describe('hand-made evidence', () => {
  it('a finished lab passes every criterion at 100/100, stage cleaned', () => {
    const report = gradeEvidence(finishedLab(), lab);
    expect(report.criteria.map((criterion) => `${criterion.id}:${criterion.status}`)).toEqual(criterionIds.map((id) => `${id}:pass`));
    expect(report).toMatchObject({ score: 100, maxScore: 100, stage: 'cleaned', nextStep: 'Nothing left: the lab is complete.' });
  });

  it('survives a JSON round trip unchanged in its verdicts', () => {
    const copy = JSON.parse(JSON.stringify(finishedLab())) as Evidence;
    expect(gradeEvidence(copy, lab)).toEqual(gradeEvidence(finishedLab(), lab));
  });

  it('without local records (a clone) skips, never fails, and leaves skipped criteria out of maxScore', () => {
    const base = finishedLab();
    const clone: Evidence = {
      ...base,
      submission: {
        kind: 'clone',
        source: 'https://example.org/x.git',
        localRecords: false,
        siblingFolders: false,
        missingRecordsReason: 'a clone has no reflogs',
      },
      local: undefined,
    };
    const report = gradeEvidence(clone, lab);
    expect(report.criteria.map((criterion) => criterion.status)).not.toContain('fail');
    expect(report.criteria.find((criterion) => criterion.id === 'three-worktrees')).toMatchObject({ status: 'skip', points: 0, maxPoints: 20 });
    expect(report).toMatchObject({ score: 60, maxScore: 60 });
  });

  it('branch windows that do not overlap: the worktrees did not exist at the same time', () => {
    const base = finishedLab();
    const local = base.local!;
    const sequential: Evidence = {
      ...base,
      local: {
        ...local,
        branchReflogs: featureReflogs({ wipe: { created: 200, committed: 300 }, remaining: { created: 350, committed: 360, from: 'main' } }),
      },
    };
    expect(statusOf(runCriterion(threeWorktrees, sequential), 'same-time')?.status).toBe('fail');
    const parallel = runCriterion(parallelAgents, sequential);
    expect(statusOf(parallel, 'not-sequential')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('feature/remaining was created after feature/wipe'),
    });
  });

  it("a feature commit in the main folder's HEAD reflog was made there", () => {
    const base = finishedLab();
    const local = base.local!;
    const mainLog = local.headReflogs[0]!;
    const evidence: Evidence = {
      ...base,
      local: { ...local, headReflogs: [{ ...mainLog, entries: [...mainLog.entries, entry(H.start, H.remaining, 310, 'commit: Add remaining command')] }] },
    };
    const result = runCriterion(parallelAgents, evidence);
    expect(statusOf(result, 'committed-in-linked-worktrees')).toMatchObject({ status: 'fail', message: expect.stringContaining('feature/remaining') });
  });

  it('a remaining commit that also brings in wipe touches the other feature; an edited line that already named wipe does not', () => {
    const base = finishedLab();
    const withCommits = (added: string[], removed: string[]): Evidence => ({
      ...base,
      commits: base.commits.map((commit) => (commit.hash === H.remaining ? { ...commit, added: [...commit.added, ...added], removed } : commit)),
    });
    const crossing = runCriterion(parallelAgents, withCommits(['        elif command == "wipe":'], []));
    expect(statusOf(crossing, 'no-cross-feature')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining("feature/remaining's commit ccccccc also adds wipe"),
    });
    const edited = runCriterion(parallelAgents, withCommits(['USAGE = "... | done <index> | remaining | wipe"'], ['USAGE = "... | done <index> | wipe"']));
    expect(statusOf(edited, 'no-cross-feature')?.status).toBe('pass');
  });

  it("a branch deleted after its merge is found again through the merge recorded in HEAD's reflog", () => {
    const base = finishedLab();
    const evidence: Evidence = { ...base, branches: base.branches.filter((branch) => branch.name !== 'feature/wipe') };
    expect(statusOf(runCriterion(parallelAgents, evidence), 'feature-branches')).toMatchObject({
      status: 'pass',
      evidence: expect.stringContaining('feature/wipe: bbbbbbb (from reflog)'),
    });
  });

  it('feature branches deleted after merging: whether worktrees were used cannot be seen, so it skips rather than fails', () => {
    const base = finishedLab();
    const deleted: Evidence = {
      ...base,
      branches: base.branches.filter((branch) => branch.name === 'main'),
      local: { ...base.local!, branchReflogs: [] },
    };
    const result = runCriterion(threeWorktrees, deleted);
    expect(statusOf(result, 'linked-worktrees')).toMatchObject({ status: 'skip', hint: expect.stringContaining('wtlab snapshot') });
    expect(result.status).toBe('skip');
    expect(runCriterion(parallelAgents, deleted).status).toBe('pass');
  });

  it('a squashed feature counts for merged by content', () => {
    const base = finishedLab();
    const squashed: Evidence = { ...base, commits: base.commits.map((commit) => (commit.hash === H.merge ? { ...commit, parents: [H.wipe] } : commit)) };
    expect(statusOf(runCriterion(merged, squashed), 'remaining-in-main')).toMatchObject({
      status: 'pass',
      evidence: expect.stringContaining('rebased or squashed'),
    });
  });

  it('an app whose remaining prints the wrong count fails remaining-works with the output as evidence', () => {
    const base = finishedLab();
    const runs = workingApp().map((run) => (run.name === 'remaining-some' ? { ...run, stdout: '3 pending\n' } : run));
    const result = runCriterion(merged, { ...base, app: { ran: true, runs } });
    expect(statusOf(result, 'remaining-works')).toMatchObject({ status: 'fail', evidence: expect.stringContaining('3 pending'), location: { file: 'cli.py' } });
    expect(statusOf(result, 'remaining-works')?.message).toContain('prints 3, but 2 task(s) are pending');
    expect(result).toMatchObject({ status: 'fail', points: 0 });
  });

  it('python3 missing on the grading machine is an error of wtlab, not a failure of the learner', () => {
    const result = runCriterion(merged, {
      ...finishedLab(),
      app: { ran: false, reason: 'python3 could not be started', environmentProblem: 'python3 could not be started on this machine: ENOENT', runs: [] },
    });
    expect(result.status).toBe('error');
    expect(statusOf(result, 'app-runs')?.message).toContain('not your fault');
  });

  it('a live linked worktree with uncommitted work fails nothing-lost and names the folder', () => {
    const base = finishedLab();
    const path = '/home/learner/tasks-app-wipe';
    const evidence: Evidence = {
      ...base,
      local: {
        ...base.local!,
        worktrees: [{ id: 'tasks-app-wipe', path, branch: 'feature/wipe', head: undefined, locked: false, prunable: false }],
        linked: [{ source: 'live', path, branch: 'feature/wipe', hasTasksJson: true, tasksJson: 'ignored', uncommitted: [' M cli.py'] }],
      },
    };
    const result = runCriterion(cleanedUp, evidence);
    expect(statusOf(result, 'nothing-lost')).toMatchObject({ status: 'fail', message: `${path} has uncommitted work that removing it would throw away.` });
    expect(statusOf(result, 'only-main-worktree')?.status).toBe('fail');
    expect(detectStage(evidence)).toMatchObject({ stage: 'merged', nextStep: expect.stringContaining(`git worktree remove ${path}`) });
  });

  it('a snapshot that saw uncommitted work in a worktree later removed: thrown away, unless the branch got a commit afterwards', () => {
    const base = finishedLab();
    const seen = (seenAt: number): Evidence => ({
      ...base,
      local: {
        ...base.local!,
        linked: [
          {
            source: 'snapshot',
            path: '/home/learner/tasks-app-wipe',
            branch: 'feature/wipe',
            hasTasksJson: true,
            tasksJson: 'ignored',
            uncommitted: [' M tasks.py'],
            seenAt,
          },
        ],
      },
    });
    expect(statusOf(runCriterion(cleanedUp, seen(450)), 'nothing-lost')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('it was thrown away'),
    });
    expect(statusOf(runCriterion(cleanedUp, seen(250)), 'nothing-lost')?.status).toBe('pass');
  });

  it('no quiz file: concepts fails with the wtlab quiz hint', () => {
    const result = runCriterion(concepts, { ...finishedLab(), quiz: { committed: undefined, workingTree: undefined } });
    expect(statusOf(result, 'quiz-present')).toMatchObject({ status: 'fail', hint: expect.stringContaining('wtlab quiz') });
    expect(statusOf(result, 'quiz-correct')?.status).toBe('skip');
  });

  it('a quiz file only in the working tree fails quiz-committed', () => {
    const base = finishedLab();
    const result = runCriterion(concepts, { ...base, quiz: { committed: undefined, workingTree: base.quiz.workingTree } });
    expect(statusOf(result, 'quiz-committed')).toMatchObject({ status: 'fail', hint: expect.stringContaining('git add worktree-quiz.json') });
    expect(statusOf(result, 'quiz-correct')?.status).toBe('pass');
  });

  it("no answer key: concepts is an error, wtlab's fault, and the exit code logic treats it apart from a learner failure", () => {
    const { quizKey: _key, ...rest } = finishedLab();
    const result = runCriterion(concepts, { ...rest, quizKeyError: 'proofs broke' });
    expect(result.status).toBe('error');
    expect(statusOf(result, 'quiz-file')?.message).toMatch(/a bug in wtlab, not your fault.*proofs broke/);
    const report = gradeEvidence({ ...rest, quizKeyError: 'proofs broke' }, lab);
    expect(report.criteria.find((criterion) => criterion.id === 'concepts')).toMatchObject({ status: 'error', points: 0 });
    expect(exitCodeFor([report])).toBe(1);
    expect(exitCodeFor([gradeEvidence(finishedLab(), lab)])).toBe(0);
  });
});

describe('the check runner', () => {
  const criterion = defineCriterion({
    id: 'merged',
    title: 't',
    points: 20,
    checks: [
      { id: 'first', title: 'First thing', run: () => ({ status: 'fail', message: 'no', hint: 'do it' }) },
      { id: 'second', title: 'Second', dependsOn: ['first'], run: () => pass({ message: 'yes' }) },
      { id: 'third', title: 'Third', run: () => ({ status: 'skip', message: 'cannot see', hint: 'grade the folder' }) },
    ],
  });

  it('skips a check whose dependency failed, naming the dependency', () => {
    const result = runCriterion(criterion, finishedLab());
    expect(result.checks[1]).toMatchObject({ id: 'second', status: 'skip', message: 'Not checked: second. It needs "First thing" to pass first.' });
    expect(result).toMatchObject({ status: 'fail', points: 0, maxPoints: 20 });
  });

  it('passes a criterion with some skipped checks and full points; all skipped is skip', () => {
    const some = defineCriterion({ ...criterion, checks: [criterion.checks[2]!, { id: 'ok', title: 'ok', run: () => pass({ message: 'fine' }) }] });
    expect(runCriterion(some, finishedLab())).toMatchObject({ status: 'pass', points: 20 });
    const all = defineCriterion({ ...criterion, checks: [criterion.checks[2]!] });
    expect(runCriterion(all, finishedLab())).toMatchObject({ status: 'skip', points: 0, maxPoints: 20 });
  });
});
