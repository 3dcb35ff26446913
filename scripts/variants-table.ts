import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { criterionIds } from '../graders/index.js';
import { learnerVariants } from '../test/learners/variants/index.js';
import type { LearnerVariant, VerdictVector } from '../test/learners/variants/support/define-learner-variant.js';
import { packageRoot } from '../src/paths/package-root.js';

/** The committed table, relative to the package root. */
export const TABLE_FILE = 'docs/learner-variants.md';

const CRITERIA = criterionIds;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function vector(verdicts: VerdictVector): string[] {
  return CRITERIA.map((id) => verdicts[id]);
}

function row(variant: LearnerVariant): string {
  const clone = variant.expect.clone;
  const cloneText = clone === undefined ? '—' : `${CRITERIA.map((id) => clone.verdicts[id].charAt(0)).join('')} exit ${clone.exitCode}`;
  const failing = variant.expect.failingChecks.length === 0 ? '—' : variant.expect.failingChecks.map((id) => `\`${id}\``).join(', ');
  return `| \`${variant.name}\` | ${variant.road} | ${cell(variant.summary)} | ${vector(variant.expect.verdicts).join(' | ')} | ${failing} | ${variant.expect.stage} | ${variant.expect.exitCode} | ${cloneText} |`;
}

/** The Markdown page listing every learner variant with the verdicts it must get. */
export function formatVariantsTable(variants: readonly LearnerVariant[]): string {
  const valid = variants.filter((variant) => variant.road === 'valid').length;
  return [
    '# Learner variants the graders are proven on',
    '',
    '<!-- Generated from test/learners/variants/ by scripts/variants-table.ts: run `npm run variants:table`. A test fails when this file is stale. -->',
    '',
    `Each row is a learner's road through the lab, built by scenario steps from the start snapshot (\`test/learners/variants/<name>.ts\`), then graded as a folder and, where the row has a clone column, as a clone. \`test/learners/variants.test.ts\` asserts every verdict below. ${valid} valid roads, ${variants.length - valid} wrong or unfinished ones.`,
    '',
    'Clone column: one verdict per criterion, in the same order, by first letter (p pass, f fail, s skip), and the exit code.',
    '',
    `| variant | road | what the learner did | ${CRITERIA.join(' | ')} | failing checks | stage | exit | clone |`,
    `|---|---|---|${CRITERIA.map(() => '---').join('|')}|---|---|---|---|`,
    ...variants.map(row),
    '',
  ].join('\n');
}

/** Writes the table into the package's docs folder. */
export function writeVariantsTable(): string {
  const file = join(packageRoot(), TABLE_FILE);
  writeFileSync(file, formatVariantsTable(learnerVariants));
  return file;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`wrote ${writeVariantsTable()}\n`);
}
