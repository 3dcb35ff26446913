import { compareVersions } from '../git/git-binary.js';
import type { DriftFinding, LabText, TextCheck, TextVariant } from './types.js';

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

function asVariant(variant: string | RegExp | TextVariant): TextVariant {
  return typeof variant === 'string' || variant instanceof RegExp ? { text: variant } : variant;
}

/** True when `version` is within a variant's `since`..`until` (`until: 2.42` covers every 2.42.x). */
export function variantApplies(variant: TextVariant, version: string): boolean {
  if (variant.since !== undefined && compareVersions(version, variant.since) < 0) return false;
  if (variant.until !== undefined) {
    const depth = variant.until.split('.').length;
    const cut = version.split('.').slice(0, depth).join('.');
    if (compareVersions(cut, variant.until) > 0) return false;
  }
  return true;
}

function range(variant: TextVariant): string {
  if (variant.since && variant.until) return `git ${variant.since} to ${variant.until}`;
  if (variant.since) return `git ${variant.since} and later`;
  return variant.until ? `git ${variant.until} and earlier` : 'any git';
}

function labLabel(check: LabText): string {
  return check.label ?? (typeof check.lab === 'string' ? check.lab : String(check.lab));
}

/** Where a check runs: the step, the git version, and the text of the other stream for `otherStream`. */
export interface CheckWhere {
  readonly step: string;
  readonly gitVersion: string;
  readonly other?: { readonly stream: DriftFinding['stream']; readonly text: string };
}

function judgeLabText(stream: DriftFinding['stream'], text: string, check: LabText, where: CheckWhere): TextVerdict {
  if (contains(text, check.lab)) return { failures: [], drift: [] };
  if (check.otherStream !== undefined && where.other !== undefined && contains(where.other.text, check.lab)) {
    const moved = { text: check.lab, ...check.otherStream };
    const actual = `on ${where.other.stream}: ${matchedLine(where.other.text, check.lab)}`;
    if (!variantApplies(moved, where.gitVersion)) {
      return {
        failures: [`${stream} lacks ${describe(check.label ?? check.lab)}; git ${where.gitVersion} printed it ${actual}, known only from ${range(moved)}`],
        drift: [],
      };
    }
    return {
      failures: [],
      drift: [{ step: where.step, stream, gitVersion: where.gitVersion, expected: `on ${stream}: ${labLabel(check)}`, actual, kind: 'stream' }],
    };
  }
  const variant = (check.variants ?? []).map(asVariant).find((candidate) => contains(text, candidate.text));
  if (variant === undefined) {
    return { failures: [`${stream} does not contain the lab's text ${describe(check.label ?? check.lab)} nor a known variant`], drift: [] };
  }
  const actual = matchedLine(text, variant.text);
  if (!variantApplies(variant, where.gitVersion)) {
    return { failures: [`${stream} shows ${JSON.stringify(actual)}, a wording known only from ${range(variant)}, on git ${where.gitVersion}`], drift: [] };
  }
  const finding: DriftFinding = { step: where.step, stream, gitVersion: where.gitVersion, expected: labLabel(check), actual, kind: variant.kind ?? 'wording' };
  return { failures: [], drift: [finding] };
}

/** Judges one stream against its checks; a lab text met only by a known variant is drift, not failure. */
export function checkText(stream: DriftFinding['stream'], text: string, checks: TextCheck | readonly TextCheck[], where: CheckWhere): TextVerdict {
  const list: readonly TextCheck[] = Array.isArray(checks) ? checks : [checks as TextCheck];
  const failures: string[] = [];
  const drift: DriftFinding[] = [];
  for (const check of list) {
    if (typeof check === 'string' || check instanceof RegExp) {
      if (!contains(text, check)) failures.push(`${stream} does not contain ${describe(check)}`);
    } else if (isLabText(check)) {
      const verdict = judgeLabText(stream, text, check, where);
      failures.push(...verdict.failures);
      drift.push(...verdict.drift);
    } else if ('equals' in check) {
      if (text !== check.equals) failures.push(`${stream} is not exactly ${JSON.stringify(check.equals)}`);
    } else if (contains(text, check.not)) {
      failures.push(`${stream} contains ${describe(check.not)}, which it must not`);
    }
  }
  return { failures, drift };
}
