import { classroomReporter } from './classroom.js';
import { githubReporter } from './github.js';
import { gradescopeReporter } from './gradescope.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { prettyReporter } from './pretty.js';
import type { Reporter } from './reporter.js';

/** Every `wtlab grade --format`: a new format is one file and one line here. */
export const gradeReporters = {
  pretty: prettyReporter,
  json: jsonReporter,
  junit: junitReporter,
  github: githubReporter,
  classroom: classroomReporter,
  gradescope: gradescopeReporter,
  markdown: markdownReporter,
} as const satisfies Readonly<Record<string, Reporter<object>>>;

export type GradeFormat = keyof typeof gradeReporters;

/** The format names, in registry order. */
export const GRADE_FORMATS = Object.keys(gradeReporters) as readonly GradeFormat[];
