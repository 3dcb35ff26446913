import { afterAll } from 'vitest';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { CheckResult, GradeReport } from '../../src/grade/report-types.js';
import type { Step } from '../../src/scenario/types.js';
import { testGit } from '../helpers/git.js';
import { buildRepo, type BuiltRepo } from './build-repo.js';

const built: BuiltRepo[] = [];

/** Builds a learner repo by its steps (real git, real app) and keeps it until the file's tests end. */
export async function buildRoad(name: string, steps: readonly Step[]): Promise<BuiltRepo> {
  const repo = await buildRepo({ name, summary: name, steps });
  built.push(repo);
  return repo;
}

/** Removes every repo built with `buildRoad` (call once per test file). */
export function removeRoadsAfterAll(): void {
  afterAll(async () => {
    for (const repo of built.splice(0)) await repo.sandbox.remove();
  });
}

/** Grades a path or URL as `wtlab grade` does. */
export async function grade(source: string): Promise<GradeReport> {
  return gradeSubmission(source, { git: await testGit() });
}

/** One check of a report, by `criterion/check`. */
export function checkOf(report: GradeReport, id: string): CheckResult | undefined {
  const [criterion, check] = id.split('/');
  return report.criteria.find((candidate) => candidate.id === criterion)?.checks.find((candidate) => candidate.id === check);
}

/** Each criterion's status. */
export function verdictsOf(report: GradeReport): Record<string, string> {
  return Object.fromEntries(report.criteria.map((criterion) => [criterion.id, criterion.status]));
}
