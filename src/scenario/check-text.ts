import type { DriftFinding, LabText, TextCheck } from './types.js';

export interface TextVerdict {
  readonly failures: readonly string[];
  readonly drift: readonly DriftFinding[];
}

function isLabText(check: TextCheck): check is LabText {
  return typeof check === 'object' && !(check instanceof RegExp) && 'lab' in check;
}

function describe(pattern: string | RegExp): string {
  return typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern);
}

function contains(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

function matchedLine(text: string, pattern: string | RegExp): string {
  return text.split('\n').find((line) => contains(line, pattern)) ?? text.trim();
}

/** Judges one stream against its checks; a lab text met only by a known variant is drift, not failure. */
export function checkText(
  stream: DriftFinding['stream'],
  text: string,
  checks: TextCheck | readonly TextCheck[],
  where: { readonly step: string; readonly gitVersion: string },
): TextVerdict {
  const list: readonly TextCheck[] = Array.isArray(checks) ? checks : [checks as TextCheck];
  const failures: string[] = [];
  const drift: DriftFinding[] = [];
  for (const check of list) {
    if (typeof check === 'string' || check instanceof RegExp) {
      if (!contains(text, check)) failures.push(`${stream} does not contain ${describe(check)}`);
    } else if (isLabText(check)) {
      if (contains(text, check.lab)) continue;
      const variant = (check.variants ?? []).find((candidate) => contains(text, candidate));
      if (variant === undefined) {
        failures.push(`${stream} does not contain the lab's text ${describe(check.lab)} nor a known variant`);
      } else {
        drift.push({ step: where.step, stream, gitVersion: where.gitVersion, expected: check.lab, actual: matchedLine(text, variant) });
      }
    } else if ('equals' in check) {
      if (text !== check.equals) failures.push(`${stream} is not exactly ${JSON.stringify(check.equals)}`);
    } else if (contains(text, check.not)) {
      failures.push(`${stream} contains ${describe(check.not)}, which it must not`);
    }
  }
  return { failures, drift };
}
