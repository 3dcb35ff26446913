import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { StepResult } from '../../src/scenario/types.js';
import { wtlab } from './cli.js';
import { madeOnce } from './shared-repos.js';

/** What `wtlab scenarios --format json` reports, as far as tests read it. */
export interface ScenarioRunReport {
  readonly versions: readonly { readonly version: string }[];
  readonly scenarios: readonly string[];
  readonly results: readonly { readonly scenario: string; readonly status: string; readonly steps: readonly StepResult[] }[];
  readonly moduleText: { readonly file: string; readonly compared: number; readonly findings: readonly { readonly line: number }[] };
}

/** One run of `wtlab scenarios` (every scenario, the machine's git): its exit code, its pretty listing on stdout, stderr and JSON report. */
export interface SharedScenarioRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly report: ScenarioRunReport;
}

/**
 * Every scenario run once per test run, by the real CLI (`wtlab scenarios --format pretty --format
 * json=FILE`: the step-by-step listing on stdout, the JSON report in the file): the tests of the
 * CLI, of the module text and of each scenario read this one run instead of replaying the same
 * scenarios again.
 */
export async function sharedScenarioRun(): Promise<SharedScenarioRun> {
  const made = await madeOnce('scenario-run', async () => {
    const file = join(inject('sharedReposRoot'), 'scenarios.json');
    const run = await wtlab(['scenarios', '--format', 'pretty', '--format', `json=${file}`]);
    return { exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr, file };
  });
  return { exitCode: made.exitCode, stdout: made.stdout, stderr: made.stderr, report: JSON.parse(readFileSync(made.file, 'utf8')) as ScenarioRunReport };
}
