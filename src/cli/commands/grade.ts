import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { criteria } from '../../../graders/index.js';
import { batchExitCode, formatClassSummary, summarizeClass } from '../../batch/class-summary.js';
import { gradeInWorkers } from '../../batch/grade-in-workers.js';
import { startProgress } from '../../batch/progress.js';
import { checkSummaryPath, summaryRows, writeSummaryFile } from '../../batch/summary-file.js';
import type { GradedSubmission } from '../../batch/types.js';
import { releaseAppDrivers, warmAppDriver } from '../../evidence/app-driver.js';
import { resolveGitBinary, type GitBinary } from '../../git/git-binary.js';
import { recordGitCommands } from '../../git/git-command-log.js';
import { gradeSubmission } from '../../grade/grade-submission.js';
import type { GradeReport } from '../../grade/report-types.js';
import { emitReports, parseFormatSpecs } from '../../report/grade/emit-reports.js';
import { GRADE_FORMATS } from '../../report/grade/index.js';
import { formatGitCommands } from '../../report/explain-git.js';
import { collect, positiveInteger } from '../options.js';

interface GradeOptions {
  readonly format?: string[];
  readonly output?: string;
  readonly git?: string;
  readonly jobs?: number;
  readonly summary?: string;
  readonly explain?: boolean;
}

/** The exit code for a set of reports: 0 all passed or skipped, 1 some criterion failed (or errored). */
export function exitCodeFor(reports: readonly GradeReport[]): number {
  return reports.some((report) => report.criteria.some((criterion) => criterion.status === 'fail' || criterion.status === 'error')) ? 1 : 0;
}

/** One submission, in this process: a submission that cannot be graded stops with its one-line reason (exit 2). */
async function gradeSingle(source: string, git: GitBinary): Promise<GradedSubmission> {
  const { value, commands } = await recordGitCommands(() => gradeSubmission(source, { git }));
  return { source, report: value, commands };
}

/** Several submissions, in worker processes, with progress on stderr; broken ones become rows with a reason. */
async function gradeMany(sources: readonly string[], git: GitBinary, jobs: number): Promise<GradedSubmission[]> {
  const progress = startProgress(process.stderr, sources.length);
  try {
    return await gradeInWorkers(sources, { git, jobs, onDone: (result) => progress.done(result) });
  } finally {
    progress.end();
  }
}

/** `wtlab grade [SUBMISSION...]`: grades learners' repositories against the lab's five criteria. */
export function registerGrade(program: Command): void {
  program
    .command('grade')
    .description("grade a learner's tasks-app (a folder, a git URL or path to clone, or a .tar/.tar.gz/.tgz/.zip/.bundle), or a whole class of them")
    .argument('[submission...]', 'what to grade (default: the current folder)')
    .option('--format <name[=file]>', `report format, may repeat: ${GRADE_FORMATS.join(', ')} (default: pretty on a terminal, json otherwise)`, collect)
    .option('--output <file>', 'write the report (of the one --format) to a file instead of standard output')
    .option('--git <bin>', 'git binary to read with (default: $WTLAB_GIT or git on PATH)')
    .option('--jobs <n>', 'grade this many submissions at a time, each in its own worker process (default: the number of cores)', positiveInteger)
    .option('--summary <file>', 'write one row per submission to FILE.csv or FILE.json (path, stage, score, each criterion, why it could not be graded)')
    .option('--explain', 'print every git command grading ran, with its exit code and duration, on standard error')
    .addHelpText(
      'after',
      [
        '',
        'Exit code: 0 every criterion passed or skipped, 1 some criterion failed, 2 a submission could not be graded.',
        '',
        'Examples:',
        '  wtlab grade',
        '  wtlab grade ~/ai-workflow-course/tasks-app --explain',
        '  wtlab grade https://example.org/learner/tasks-app.git --format json',
        '  wtlab grade --format junit=results.xml --format github',
        '  wtlab grade subs/* --jobs 4 --summary class.csv --format json=reports.json',
      ].join('\n'),
    )
    .action(async (sources: string[], options: GradeOptions) => {
      // One submission is graded in this process: its Python starts now (bin/wtlab.js may have started
      // it already), while git reads the repository. Many are graded by workers, which start their own.
      if (sources.length <= 1) warmAppDriver();
      else releaseAppDrivers();
      const isTTY = process.stdout.isTTY === true;
      const formats = options.format ?? [];
      parseFormatSpecs(formats, { isTTY, ...(options.output !== undefined ? { output: options.output } : {}) });
      if (options.summary !== undefined) checkSummaryPath(options.summary);
      const git = await resolveGitBinary(options.git);
      const list = sources.length > 0 ? sources : ['.'];
      const batch = list.length > 1;
      const results = batch ? await gradeMany(list, git, options.jobs ?? availableParallelism()) : [await gradeSingle(list[0] as string, git)];
      const reports = results.flatMap((result) => (result.report ? [result.report] : []));
      const deliveries = await emitReports(reports, formats, {
        env: process.env,
        stdout: process.stdout,
        isTTY,
        ...(options.output !== undefined ? { output: options.output } : {}),
      });
      for (const report of reports) for (const warning of report.warnings ?? []) process.stderr.write(`wtlab: warning: ${report.submission}: ${warning}\n`);
      if (options.explain) for (const result of results) process.stderr.write(formatGitCommands(result.source, result.commands));
      const checkTitles = Object.fromEntries(criteria.flatMap((criterion) => criterion.checks.map((check) => [`${criterion.id}/${check.id}`, check.title])));
      const summary = summarizeClass(results, { checkTitles });
      if (batch) {
        for (const result of results) if (result.error !== undefined) process.stderr.write(`wtlab: ${result.source} could not be graded: ${result.error}\n`);
        const toStdout = !deliveries.some((delivery) => delivery.destination.kind === 'stdout');
        (toStdout ? process.stdout : process.stderr).write(`${toStdout ? '' : '\n'}${formatClassSummary(summary)}`);
      }
      if (options.summary !== undefined) {
        const ids = criteria.map((criterion) => criterion.id);
        await writeSummaryFile(options.summary, summaryRows(results, ids), summary, ids);
      }
      process.exitCode = batchExitCode(results);
    });
}
