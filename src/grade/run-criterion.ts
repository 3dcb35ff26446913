import type { Evidence } from '../evidence/types.js';
import type { CheckResult, CriterionResult, Status } from './report-types.js';
import type { CriterionDefinition } from './define-criterion.js';
import { EnvironmentError } from '../errors/environment-error.js';

/** The criterion's status from its checks: fail beats error beats pass; all skipped is skip. */
export function criterionStatus(checks: readonly { readonly status: Status }[]): Status {
  if (checks.some((check) => check.status === 'fail')) return 'fail';
  if (checks.some((check) => check.status === 'error')) return 'error';
  if (checks.length > 0 && checks.every((check) => check.status === 'skip')) return 'skip';
  return 'pass';
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

/** Runs a criterion's checks in order; a check whose dependency did not pass is skipped, a check that throws is an error. */
export function runCriterion(criterion: CriterionDefinition, evidence: Evidence): CriterionResult {
  const results = new Map<string, CheckResult>();
  for (const check of criterion.checks) {
    const blocker = (check.dependsOn ?? []).map((id) => ({ id, result: results.get(id) })).find(({ result }) => result?.status !== 'pass');
    let result: CheckResult;
    if (blocker !== undefined) {
      const title = criterion.checks.find((candidate) => candidate.id === blocker.id)?.title ?? blocker.id;
      result = { id: check.id, status: 'skip', message: `Not checked: ${lowerFirst(check.title)}. It needs "${title}" to pass first.` };
    } else {
      try {
        result = { id: check.id, ...check.run(evidence) };
      } catch (error) {
        result =
          error instanceof EnvironmentError
            ? {
                id: check.id,
                status: 'error',
                message: `wtlab could not run this check (a problem of the grading machine, not your fault): ${error.message}`,
                hint: error.hint,
              }
            : {
                id: check.id,
                status: 'error',
                message: `wtlab could not run this check (a bug in wtlab, not your fault): ${error instanceof Error ? error.message : String(error)}`,
                hint: 'Report it at the wtlab repository with this output.',
              };
      }
    }
    results.set(check.id, result);
  }
  const checks = [...results.values()];
  const status = criterionStatus(checks);
  return { id: criterion.id, title: criterion.title, status, points: status === 'pass' ? criterion.points : 0, maxPoints: criterion.points, checks };
}
