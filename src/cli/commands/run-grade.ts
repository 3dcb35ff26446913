// What `wtlab grade` does once its command line is parsed; src/cli/commands/grade.ts loads it only then, so help loads little.
import { availableParallelism } from 'node:os';
import { batchExitCode, formatClassSummary, summarizeClass } from '../../batch/class-summary.js';
import { gradeInWorkers } from '../../batch/grade-in-workers.js';
import { startProgress } from '../../batch/progress.js';
import { checkSummaryPath, summaryRows, writeSummaryFile } from '../../batch/summary-file.js';
import type { GradedSubmission } from '../../batch/types.js';
import { ungradableReport } from '../../batch/ungradable-report.js';
import { warmAppDriver } from '../../evidence/app-driver.js';
import { resolveGitBinary, type GitBinary } from '../../git/git-binary.js';
import { recordGitCommands } from '../../git/git-command-log.js';
import { gradeSubmission } from '../../grade/grade-submission.js';
import type { Lab } from '../../lab/define-lab.js';
import type { GradeReport } from '../../grade/report-types.js';
import { checkOneStdout, emitReports, parseFormatSpecs, reportContext } from '../../report/grade/emit-reports.js';
import type { UngradedSubmission } from '../../report/grade/reporter.js';
import { formatGitCommands } from '../../report/explain-git.js';
import { UserError } from '../../errors/user-error.js';
import { probeSandbox } from '../../sandbox/probe-sandbox.js';
import { scrubSecrets, submissionLabel } from '../../submission/submission-label.js';

/** `wtlab grade`'s options, as commander parses them. */
export interface GradeCommandOptions {
  readonly format?: string[];
  readonly output?: string;
  readonly git?: string;
  readonly jobs?: number;
  readonly summary?: string;
  readonly explain?: boolean;
  readonly requireSandbox?: boolean;
  readonly submissionTimeout?: number;
}

/** One submission, in this process: one that cannot be graded (a UserError) becomes a result with its one-line reason. */
async function gradeSingle(given: string, git: GitBinary, lab: Lab): Promise<GradedSubmission> {
  const source = submissionLabel(given);
  try {
    // Its Python starts once the submission is open (a refusal starts none), while git reads the repository.
    const { value, commands } = await recordGitCommands(() => gradeSubmission(given, { git, lab, onOpened: () => warmAppDriver() }));
    return { source, report: value, commands };
  } catch (error) {
    if (error instanceof UserError) return { source, error: scrubSecrets(error.message, given), commands: [] };
    throw error;
  }
}

/** Several submissions, in worker processes, with progress on stderr; broken ones become rows with a reason. */
async function gradeMany(sources: readonly string[], git: GitBinary, jobs: number, secondsPerSubmission: number | undefined): Promise<GradedSubmission[]> {
  const progress = startProgress(process.stderr, sources.length);
  try {
    return await gradeInWorkers(sources, { git, jobs, onDone: (result) => progress.done(result), ...(secondsPerSubmission ? { secondsPerSubmission } : {}) });
  } finally {
    progress.end();
  }
}

/** Each warning once on stderr: with its submission, or with a count when several submissions share it (no sandbox). */
function printWarnings(reports: readonly GradeReport[]): void {
  const bySubmission = new Map<string, string[]>();
  for (const report of reports)
    for (const warning of report.warnings ?? []) bySubmission.set(warning, [...(bySubmission.get(warning) ?? []), report.submission]);
  for (const [warning, submissions] of bySubmission) {
    const whose = submissions.length === 1 ? `${submissions[0] as string}: ` : '';
    process.stderr.write(`wtlab: warning: ${whose}${warning}${submissions.length > 1 ? ` (${submissions.length} submissions)` : ''}\n`);
  }
}

/** Grades `sources` (the current folder when none) against `lab`, delivers the reports and sets the exit code. */
export async function runGrade(sources: readonly string[], options: GradeCommandOptions, lab: Lab): Promise<void> {
  // The points every criterion together is worth: what a submission that could not be graded shows 0 of.
  const fullScore = lab.criteria.reduce((sum, criterion) => sum + criterion.points, 0);
  const isTTY = process.stdout.isTTY === true;
  const formats = options.format ?? [];
  checkOneStdout(
    parseFormatSpecs(formats, { isTTY, ...(options.output !== undefined ? { output: options.output } : {}) }),
    reportContext({ env: process.env, isTTY }),
  );
  if (options.summary !== undefined) checkSummaryPath(options.summary);
  if (options.requireSandbox) {
    // Batch workers inherit it: none of them falls back to running an app without a sandbox.
    process.env.WTLAB_SANDBOX = 'require';
    const problem = await probeSandbox();
    if (problem !== undefined)
      throw new UserError(
        'NO_SANDBOX',
        `no sandbox for the learner's app can be made here: ${problem}. Install bubblewrap (apt-get install bubblewrap) where user namespaces are allowed, or grade without --require-sandbox`,
      );
  }
  const git = await resolveGitBinary(options.git);
  const list = sources.length > 0 ? sources : ['.'];
  const batch = list.length > 1;
  const results = batch
    ? await gradeMany(list, git, options.jobs ?? availableParallelism(), options.submissionTimeout)
    : [await gradeSingle(list[0] as string, git, lab)];
  // Every submission of a batch is in every report: one that could not be graded as an error. A single one that
  // could not be graded still leaves the readers that expect a result one (Classroom, Gradescope, JUnit, GitHub).
  const reports = batch
    ? results.map((result) => result.report ?? ungradableReport(result.source, result.error ?? 'unknown', { criteria: lab.criteria, git: git.version }))
    : results.flatMap((result) => (result.report ? [result.report] : []));
  const ungraded = batch
    ? []
    : results.flatMap((result): UngradedSubmission[] =>
        result.error !== undefined ? [{ submission: result.source, reason: result.error, maxScore: fullScore }] : [],
      );
  const deliveries = await emitReports(reports, formats, {
    env: process.env,
    stdout: process.stdout,
    isTTY,
    ungraded,
    ...(options.output !== undefined ? { output: options.output } : {}),
  });
  // One submission that could not be graded: its reason is the one line on stderr (the readers above got it too).
  if (!batch && results[0]?.error !== undefined) throw new UserError('NOT_GRADABLE', results[0].error);
  printWarnings(reports);
  if (options.explain) for (const result of results) process.stderr.write(formatGitCommands(result.source, result.commands));
  const checkTitles = Object.fromEntries(lab.criteria.flatMap((criterion) => criterion.checks.map((check) => [`${criterion.id}/${check.id}`, check.title])));
  const summary = summarizeClass(results, { checkTitles });
  if (batch) {
    for (const result of results) if (result.error !== undefined) process.stderr.write(`wtlab: ${result.source} could not be graded: ${result.error}\n`);
    const toStdout = !deliveries.some((delivery) => delivery.destination.kind === 'stdout');
    (toStdout ? process.stdout : process.stderr).write(`${toStdout ? '' : '\n'}${formatClassSummary(summary)}`);
  }
  if (options.summary !== undefined) {
    const ids = lab.criteria.map((criterion) => criterion.id);
    await writeSummaryFile(options.summary, summaryRows(results, ids), summary, ids);
  }
  process.exitCode = batchExitCode(results);
}
