import { outputKind, type ShownOutput } from './module-text.js';
import type { ScenarioResult, StepResult } from './types.js';

/** An output the module text shows that git printed differently on one version. */
export interface ModuleTextFinding {
  readonly kind: 'module-text';
  /** 1-based line number in the module text. */
  readonly line: number;
  readonly shown: string;
  readonly printed: string;
  readonly gitVersion: string;
  readonly scenario: string;
  readonly step: string;
}

interface PrintedLine {
  readonly text: string;
  readonly normal: string;
  readonly kind: string;
  readonly scenario: string;
  readonly step: string;
}

/** Makes a line comparable: paths cut to their last part, hashes, dates and commit subjects replaced, spaces collapsed. */
export function normaliseOutput(line: string): string {
  return line
    .replace(/(['"]?)(?:~|\/)[^\s'"]*\/([^\s'"/]+)\/?\1/g, '$1<dir>/$2$1')
    .replace(/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?\S*/g, '<date>')
    .replace(/\b(?=[0-9a-z]*\d)(?=[0-9a-z]*[a-z])[0-9a-z]{7,64}\b/g, '<hash>')
    .replace(/^(HEAD is now at <hash>) .*$/, '$1 <subject>')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A pattern from a shown line: `...` and `<placeholder>` stand for anything. */
function shownPattern(shown: string): RegExp {
  const normal = normaliseOutput(shown);
  const parts = normal.split(/(\.\.\.|…|<(?!dir>|hash>|date>|subject>)[a-z-]+>)/);
  const source = parts.map((part, index) => (index % 2 === 1 ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`);
}

function stepRuns(step: StepResult): StepResult[] {
  return step.run ? [step] : (step.children ?? []).filter((child) => child.run);
}

function printedLines(results: readonly ScenarioResult[]): PrintedLine[] {
  return results.flatMap((result) =>
    result.steps.flatMap(stepRuns).flatMap((step) =>
      `${step.run?.stdout ?? ''}\n${step.run?.stderr ?? ''}`.split('\n').flatMap((text) => {
        const kind = outputKind(text.trim());
        return kind === undefined ? [] : [{ text: text.trim(), normal: normaliseOutput(text), kind, scenario: result.scenario, step: step.name }];
      }),
    ),
  );
}

function sharedPrefix(a: string, b: string): number {
  let length = 0;
  while (length < a.length && a[length] === b[length]) length += 1;
  return length;
}

/** Each output the module text shows that git printed differently on this version; outputs no scenario printed are not judged. */
export function compareModuleText(shown: readonly ShownOutput[], results: readonly ScenarioResult[], gitVersion: string): ModuleTextFinding[] {
  const printed = printedLines(results);
  const findings: ModuleTextFinding[] = [];
  for (const output of shown) {
    const sameKind = printed.filter((line) => line.kind === output.kind);
    if (sameKind.length === 0) continue;
    const pattern = shownPattern(output.text);
    if (sameKind.some((line) => pattern.test(line.normal))) continue;
    const target = normaliseOutput(output.text);
    const closest = [...sameKind].sort((a, b) => sharedPrefix(b.normal, target) - sharedPrefix(a.normal, target))[0];
    if (closest === undefined) continue;
    findings.push({
      kind: 'module-text',
      line: output.line,
      shown: output.text,
      printed: closest.text,
      gitVersion,
      scenario: closest.scenario,
      step: closest.step,
    });
  }
  return findings;
}

/** How many shown outputs some scenario printed at all on this version (the rest cannot be judged). */
export function countJudged(shown: readonly ShownOutput[], results: readonly ScenarioResult[]): number {
  const kinds = new Set(printedLines(results).map((line) => line.kind));
  return shown.filter((output) => kinds.has(output.kind)).length;
}
