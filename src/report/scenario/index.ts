import { formatMatrixJson } from './json.js';
import { formatMatrixJunit } from './junit.js';
import { formatMatrixMarkdown } from './markdown.js';
import { formatRunEndPretty } from './pretty.js';
import { defineScenarioReporter, type ScenarioReporter } from './reporter.js';

/** Every `wtlab scenarios --format`, in `--help` order: a new format is one file and one line here. */
export const scenarioReporters = {
  pretty: defineScenarioReporter({ name: 'pretty', summary: 'a terminal matrix (with one git, each step as it runs)', render: formatRunEndPretty }),
  json: defineScenarioReporter({ name: 'json', summary: 'every result with every step’s exact output', render: formatMatrixJson }),
  junit: defineScenarioReporter({
    name: 'junit',
    summary: 'a suite per git version, a case per step',
    render: (matrix) => (matrix.results.length > 0 ? formatMatrixJunit(matrix) : ''),
  }),
  markdown: defineScenarioReporter({ name: 'markdown', summary: 'tables for a GitHub step summary', render: formatMatrixMarkdown }),
} as const satisfies Readonly<Record<string, ScenarioReporter>>;

export type ScenarioFormat = keyof typeof scenarioReporters;

/** The format names, in registry order. */
export const SCENARIO_FORMATS = Object.keys(scenarioReporters) as readonly ScenarioFormat[];
