import type { Evidence } from '../evidence/types.js';
import type { GitBinary } from '../git/git-binary.js';
import type { Lab, LabQuiz } from '../lab/define-lab.js';
import { openSubmission } from '../submission/open-submission.js';
import { unsandboxedWarning } from '../sandbox/probe-sandbox.js';
import type { GradeReport } from './report-types.js';
import { runCriterion } from './run-criterion.js';
import { labNaming } from '../lab/define-lab.js';

export interface GradeOptions {
  readonly git: GitBinary;
  /** The lab graded against: its criteria, stage, evidence options and quiz. */
  readonly lab: Lab;
  /** Branches whose history is read (see GatherOptions). @default the lab's evidence options' */
  readonly historyBranches?: readonly string[];
  /** Seconds each app command may take (see GatherOptions). @default 5 */
  readonly secondsPerCommand?: number;
  /** Called once the submission is open, before its evidence is gathered: where to start what only a gradable submission needs (its Python). */
  readonly onOpened?: () => void;
}

const keys = new Map<string, Promise<Evidence['quizKey']>>();

/** The quiz key for a git version, proven once per process (and cached on disk by the quiz module). */
async function quizKeyFor(git: GitBinary, quiz: LabQuiz): Promise<Pick<Evidence, 'quizKey' | 'quizKeyError'>> {
  const id = `${git.path}\0${quiz.file}\0${quiz.items.map((item) => item.id).join(',')}`;
  let key = keys.get(id);
  if (key === undefined) {
    key = import('../quiz/derive-answer-key.js').then(({ deriveAnswerKey }) => deriveAnswerKey(git, { quiz }));
    keys.set(id, key);
  }
  try {
    return { quizKey: await key };
  } catch (error) {
    return { quizKeyError: error instanceof Error ? error.message : String(error) };
  }
}

/** Warnings about the evidence itself: a snapshot or a committed record that had to be ignored, an app run without a sandbox. */
function warningsOf(evidence: Evidence): Pick<GradeReport, 'warnings'> {
  const snapshot = evidence.local?.snapshot;
  const sandbox = evidence.app.sandbox;
  const warnings = [
    ...(snapshot?.state === 'ignored'
      ? [
          `the snapshot in .git/wtlab/evidence.json is ignored: ${snapshot.problem ?? 'it does not match the repository'}. Take a new one while the worktrees exist: wtlab snapshot`,
        ]
      : []),
    ...(evidence.record?.state === 'ignored'
      ? [
          `the committed record is ignored: ${evidence.record.problem ?? 'it does not match the repository'}. Take it again while the worktrees exist (wtlab snapshot) and commit it`,
        ]
      : []),
    ...(sandbox?.tool === 'none' ? [unsandboxedWarning(sandbox.reason)] : []),
  ];
  return warnings.length > 0 ? { warnings } : {};
}

/** Grades evidence with the lab's pure criteria and stage: the report without timing. */
export function gradeEvidence(evidence: Evidence, lab: Pick<Lab, 'criteria' | 'detectStage'>): GradeReport {
  const results = lab.criteria.map((criterion) => runCriterion(criterion, evidence));
  const unmet = results.flatMap((result) =>
    result.checks
      .filter((check) => check.status === 'fail' || check.status === 'error')
      .map((check) => ({ id: `${result.id}/${check.id}`, ...(check.hint ? { hint: check.hint } : {}) })),
  );
  const { stage, nextStep } = lab.detectStage(evidence, { unmet });
  return {
    schemaVersion: 1,
    submission: evidence.submission.source,
    git: evidence.git,
    stage,
    nextStep,
    score: results.reduce((sum, result) => sum + result.points, 0),
    maxScore: results.filter((result) => result.status !== 'skip').reduce((sum, result) => sum + result.maxPoints, 0),
    criteria: results,
    graph: evidence.graph,
    ...warningsOf(evidence),
  };
}

/** Opens a submission, gathers its evidence once and grades it; always removes its temp folder. */
export async function collectEvidence(source: string, options: GradeOptions): Promise<Evidence> {
  const opened = await openSubmission(source, { git: options.git, naming: labNaming(options.lab) });
  try {
    options.onOpened?.();
    // What reads a submission loads once one is open: a submission that cannot be opened loads none of it.
    const { gatherEvidence } = await import('../evidence/gather-evidence.js');
    const [evidence, key] = await Promise.all([
      gatherEvidence(opened, {
        ...options.lab.evidence,
        git: options.git,
        ...(options.historyBranches ? { historyBranches: options.historyBranches } : {}),
        ...(options.secondsPerCommand ? { secondsPerCommand: options.secondsPerCommand } : {}),
      }),
      quizKeyFor(options.git, options.lab.quiz),
    ]);
    return { ...evidence, ...key };
  } finally {
    await opened.close();
  }
}

/** Grades one submission (folder, URL, bundle or archive) into the JSON report of DESIGN.md. */
export async function gradeSubmission(source: string, options: GradeOptions): Promise<GradeReport> {
  const started = Date.now();
  const evidence = await collectEvidence(source, options);
  return { ...gradeEvidence(evidence, options.lab), durationMs: Date.now() - started };
}
