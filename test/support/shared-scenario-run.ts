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

/** One run of `wtlab scenarios` (every scenario, the machine's git): its exit code, stderr and JSON report. */
export interface SharedScenarioRun {
  readonly exitCode: number;
  readonly stderr: string;
  readonly report: ScenarioRunReport;
}

/**
 * Every scenario run once per test run, by the real CLI (`wtlab scenarios --format json --output
 * FILE`): the tests of the CLI, of the module text and of each scenario read this one run instead
 * of replaying the same scenarios again.
 */
export async function sharedScenarioRun(): Promise<SharedScenarioRun> {
  const made = await madeOnce('scenario-run', async () => {
    const file = join(inject('sharedReposRoot'), 'scenarios.json');
    const run = await wtlab(['scenarios', '--format', 'json', '--output', file]);
    return { exitCode: run.exitCode, stdout: run.stdout, stderr: run.stderr, file };
  });
  if (made.stdout !== '') throw new Error(`wtlab scenarios --output printed on stdout: ${made.stdout}`);
  return { exitCode: made.exitCode, stderr: made.stderr, report: JSON.parse(readFileSync(made.file, 'utf8')) as ScenarioRunReport };
}
