import type { Command } from 'commander';
import { resolveGitBinary } from '../../git/git-binary.js';
import { gradeSubmission } from '../../grade/grade-submission.js';
import type { GradeReport } from '../../grade/report-types.js';
import { emitReports, parseFormatSpecs } from '../../report/grade/emit-reports.js';
import { GRADE_FORMATS } from '../../report/grade/index.js';
import { collect, positiveInteger } from '../options.js';

interface GradeOptions {
  readonly format?: readonly string[];
  readonly output?: string;
  readonly git?: string;
  readonly jobs: number;
}

/** Runs tasks with at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The exit code for a set of reports: 0 all passed or skipped, 1 some failed or could not be graded by wtlab. */
export function exitCodeFor(reports: readonly GradeReport[]): number {
  return reports.some((report) => report.criteria.some((criterion) => criterion.status === 'fail' || criterion.status === 'error')) ? 1 : 0;
}

/** `wtlab grade [SUBMISSION...]`: grades learners' repositories against the lab's five criteria. */
export function registerGrade(program: Command): void {
  program
    .command('grade')
    .description("grade a learner's tasks-app (a folder, a git URL or path to clone, or a .tar/.tar.gz/.tgz/.zip/.bundle)")
    .argument('[submission...]', 'what to grade (default: the current folder)')
    .option('--format <format[=file]>', `report format, repeatable: ${GRADE_FORMATS.join(', ')}; FORMAT=FILE writes it to a file (default: pretty on a terminal, json otherwise)`, collect)
    .option('--output <file>', 'write the report (of the one format asked for) to a file instead of standard output')
    .option('--git <bin>', 'git binary to read with (default: $WTLAB_GIT or git on PATH)')
    .option('--jobs <n>', 'grade this many submissions at a time', positiveInteger, 2)
    .addHelpText('after', '\nExamples:\n  wtlab grade\n  wtlab grade ~/ai-workflow-course/tasks-app\n  wtlab grade https://example.org/learner/tasks-app.git --format json\n  wtlab grade submissions/*.tar.gz --jobs 4 --output report.json')
    .action(async (sources: string[], options: GradeOptions) => {
      const git = await resolveGitBinary(options.git);
      const emit = { env: process.env, stdout: process.stdout, isTTY: process.stdout.isTTY === true, ...(options.output !== undefined ? { output: options.output } : {}) };
      // Bad --format values are refused before any grading starts.
      const specs = parseFormatSpecs(options.format ?? [], emit);
      const list = sources.length > 0 ? sources : ['.'];
      const reports = await mapLimit(list, options.jobs, (source) => gradeSubmission(source, { git }));
      await emitReports(reports, specs, emit);
      process.exitCode = exitCodeFor(reports);
    });
}
