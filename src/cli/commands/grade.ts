import type { Command } from 'commander';
import type { Lab } from '../../lab/define-lab.js';
import type { GradeReport } from '../../grade/report-types.js';
import { GRADE_FORMATS } from '../../report/grade/index.js';
import { collect, positiveInteger } from '../options.js';
import type { GradeCommandOptions } from './run-grade.js';

/** The exit code for a set of reports: 0 all passed or skipped, 1 some criterion failed (or errored). */
export function exitCodeFor(reports: readonly GradeReport[]): number {
  return reports.some((report) => report.criteria.some((criterion) => criterion.status === 'fail' || criterion.status === 'error')) ? 1 : 0;
}

/** `wtlab grade [SUBMISSION...]`: grades learners' repositories against the lab's five criteria. */
export function registerGrade(program: Command, lab: Lab): void {
  program
    .command('grade')
    .description(`grade a learner's ${lab.repo} (a folder, a git URL or path to clone, or a .tar/.tar.gz/.tgz/.zip/.bundle), or a whole class of them`)
    .argument('[submission...]', 'what to grade (default: the current folder)')
    .option('--format <name[=file]>', `report format, may repeat: ${GRADE_FORMATS.join(', ')} (default: pretty on a terminal, json otherwise)`, collect)
    .option('--output <file>', 'write the report (of the one --format) to a file instead of standard output')
    .option('--git <bin>', 'git binary to read with (default: $WTLAB_GIT or git on PATH)')
    .option('--jobs <n>', 'grade this many submissions at a time, each in its own worker process (default: the number of cores)', positiveInteger)
    .option('--summary <file>', 'write one row per submission to FILE.csv or FILE.json (path, stage, score, each criterion, why it could not be graded)')
    .option('--explain', 'print every git command grading ran, with its exit code and duration, on standard error')
    .option(
      '--submission-timeout <seconds>',
      'in a batch, stop grading a submission after this many seconds and report it as not gradable (default: 300)',
      positiveInteger,
    )
    .option(
      '--require-sandbox',
      "refuse to grade (exit 2) where the learner's app cannot run in a sandbox (bubblewrap missing, or user namespaces not allowed)",
    )
    .addHelpText(
      'after',
      [
        '',
        'Exit code: 0 every criterion passed or skipped, 1 some criterion failed, 2 a submission could not be graded.',
        '',
        'Examples:',
        '  wtlab grade',
        `  wtlab grade ${lab.repoPath} --explain`,
        `  wtlab grade https://example.org/learner/${lab.repo}.git --format json`,
        '  wtlab grade --format junit=results.xml --format github',
        '  wtlab grade subs/* --jobs 4 --summary class.csv --format json=reports.json',
        '  wtlab grade subs/* --require-sandbox',
      ].join('\n'),
    )
    // The grading itself loads only now: `wtlab grade --help` and a mistyped option stay small.
    .action(async (sources: string[], options: GradeCommandOptions) => (await import('./run-grade.js')).runGrade(sources, options, lab));
}
