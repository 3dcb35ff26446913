import type { GradeReport, Status } from '../../grade/report-types.js';
import { defineReporter, endLine, resolveOptions } from './reporter.js';
import { formatLocation, formatPoints, openChecks, STATUS_WORD } from './status-text.js';

export interface MarkdownOptions {
  /**
   * Level of the heading for each submission (1 to 6).
   * @default 2
   */
  readonly headingLevel: number;
  /**
   * List what to fix: each check that did not pass, with its hint.
   * @default true
   */
  readonly includeHints: boolean;
  /**
   * Show the commit graph in a code block.
   * @default true
   */
  readonly includeGraph: boolean;
}

/** Marks that read well in rendered markdown (a `-` would start a nested list). */
const MARK: Readonly<Record<Status, string>> = { pass: '✅', fail: '❌', skip: '⏭️', error: '⚠️' };

const defaultOptions: MarkdownOptions = { headingLevel: 2, includeHints: true, includeGraph: true };

/** Makes text safe inside a table cell: no pipes breaking columns, no newlines breaking rows. */
export function escapeTableCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fenceCode(text: string, options: { readonly language?: string } = {}): string {
  const language = options.language ?? '';
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text.replace(/\n+$/, '')}\n${fence}`;
}

function renderOne(report: GradeReport, options: MarkdownOptions): string {
  const hashes = '#'.repeat(Math.min(6, Math.max(1, options.headingLevel)));
  const lines = [`${hashes} wtlab: ${report.score}/${report.maxScore} for \`${report.submission}\``, ''];
  lines.push(`Stage: **${report.stage}** · git ${report.git}${report.nextStep ? ` · Next: ${report.nextStep}` : ''}`, '');
  lines.push('| | Criterion | Status | Points |', '|---|---|---|---:|');
  for (const criterion of report.criteria) {
    const name = `\`${criterion.id}\` ${escapeTableCell(criterion.title)}`;
    lines.push(`| ${MARK[criterion.status]} | ${name} | ${STATUS_WORD[criterion.status]} | ${formatPoints(criterion.points, criterion.maxPoints)} |`);
  }
  const open = report.criteria.flatMap((criterion) => openChecks(criterion).map((check) => ({ criterion, check })));
  if (options.includeHints && open.length > 0) {
    lines.push('', '**What to do next**', '');
    for (const { criterion, check } of open) {
      const where = check.location ? ` (\`${formatLocation(check.location)}\`)` : '';
      lines.push(
        `- ${MARK[check.status]} \`${criterion.id}/${check.id}\`${where}: ${check.message}${check.hint ? ` ${check.hint}` : ''}`.replace(/\r?\n/g, ' '),
      );
    }
  }
  if (options.includeGraph && report.graph) lines.push('', '**Commit graph**', '', fenceCode(report.graph, { language: 'text' }));
  return lines.join('\n');
}

/** A markdown summary: score, a table of criteria, what to fix with hints, the commit graph; fit for a GitHub step summary. */
export function renderMarkdown(reports: readonly GradeReport[], options: Partial<MarkdownOptions> = {}): string {
  const resolved = resolveOptions(defaultOptions, options);
  return endLine(reports.map((report) => renderOne(report, resolved)).join('\n\n'));
}

export const markdownReporter = defineReporter<MarkdownOptions>({
  name: 'markdown',
  summary: 'a markdown table with hints and the commit graph (a GitHub step summary)',
  defaultOptions,
  render: renderMarkdown,
});
