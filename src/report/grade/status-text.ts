import type { CheckResult, CriterionResult, Location, Status } from '../../grade/report-types.js';

/** A plain word for a status, as learners read it. */
export const STATUS_WORD: Readonly<Record<Status, string>> = { pass: 'passed', fail: 'failed', skip: 'skipped', error: 'error' };

/** A one-character mark for a status that reads without colour. */
export const STATUS_MARK: Readonly<Record<Status, string>> = { pass: '✓', fail: '✗', skip: '-', error: '!' };

/** `file:line` or `file` for a location. */
export function formatLocation(location: Location): string {
  return location.line === undefined ? location.file : `${location.file}:${location.line}`;
}

/** The checks of a criterion that did not pass. */
export function openChecks(criterion: CriterionResult): readonly CheckResult[] {
  return criterion.checks.filter((check) => check.status !== 'pass');
}

/** `20/20` style points. */
export function formatPoints(points: number, maxPoints: number): string {
  return `${points}/${maxPoints}`;
}
