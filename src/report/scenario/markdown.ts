import type { MatrixResult } from '../../scenario/run-matrix.js';
import type { StepStatus } from '../../scenario/types.js';
import { buildMatrixTable, failureDetail, scenarioCell } from './matrix-table.js';

const ICON: Record<StepStatus | 'absent', string> = { pass: '✅ pass', fail: '❌ fail', drift: '⚠️ drift', skipped: '⏭️ skipped', absent: '—' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  const fence = text.includes('```') ? '~~~~' : '```';
  return `${fence}text\n${text.replace(/\n$/, '') || '(empty)'}\n${fence}`;
}

/** The matrix as GitHub-flavoured markdown, for `$GITHUB_STEP_SUMMARY`. */
export function formatMatrixMarkdown(matrix: MatrixResult): string {
  const table = buildMatrixTable(matrix);
  const header = `| scenario | step | ${table.versions.map((version) => `git ${version}`).join(' | ')} |`;
  const rule = `|---|---|${table.versions.map(() => '---').join('|')}|`;
  const lines = ['## wtlab scenarios: git version matrix', '', `Lab: \`${matrix.lab}\``, ''];
  lines.push(`| scenario | ${table.versions.map((version) => `git ${version}`).join(' | ')} |`, `|---|${table.versions.map(() => '---').join('|')}|`);
  for (const scenario of matrix.scenarios)
    lines.push(`| ${scenario} | ${table.versions.map((version) => ICON[scenarioCell(matrix, scenario, version)]).join(' | ')} |`);
  lines.push('', '<details><summary>Every step</summary>', '', header, rule);
  for (const row of table.rows) lines.push(`| ${row.scenario} | ${cell(row.step)} | ${row.cells.map((status) => ICON[status]).join(' | ')} |`);
  lines.push('', '</details>', '');
  if (table.findings.length > 0) {
    lines.push(
      '### Findings (behaviour kept, text or state differs)',
      '',
      '| git | scenario | step | kind | expected | git printed |',
      '|---|---|---|---|---|---|',
    );
    for (const finding of table.findings) {
      lines.push(
        `| ${finding.gitVersion} | ${table.findingsByScenario.get(finding) ?? ''} | ${cell(finding.step)} | ${finding.kind ?? 'wording'} | \`${cell(finding.expected)}\` | \`${cell(finding.actual)}\` |`,
      );
    }
    lines.push('');
  }
  if (matrix.moduleText !== undefined) {
    lines.push(`### Module text (\`${matrix.moduleText.file}\`)`, '');
    if (matrix.moduleText.skipped !== undefined) lines.push(`${matrix.moduleText.skipped}.`, '');
    else if (matrix.moduleText.findings.length === 0) lines.push(`Every output it shows (${matrix.moduleText.compared}) matches what git printed.`, '');
    else {
      lines.push('| line | git | the text shows | git printed | scenario / step |', '|---|---|---|---|---|');
      for (const finding of matrix.moduleText.findings) {
        lines.push(
          `| ${finding.line} | ${finding.gitVersion} | \`${cell(finding.shown)}\` | \`${cell(finding.printed)}\` | ${finding.scenario} / ${cell(finding.step)} |`,
        );
      }
      lines.push('');
    }
  }
  if (table.failures.length > 0) {
    lines.push('### Failures', '');
    for (const failure of table.failures) {
      const detail = failureDetail(failure.step);
      lines.push(`#### ${failure.scenario}, step "${failure.step.name}" on git ${failure.gitVersion}`, '', ...detail.expected.map((line) => `- ${line}`), '');
      for (const output of detail.outputs) {
        lines.push(`\`$ ${output.command}\` exited ${output.exitCode}`, '', 'stdout:', code(output.stdout), '', 'stderr:', code(output.stderr), '');
      }
    }
  }
  const runs = matrix.results.length;
  const passed = matrix.results.filter((result) => result.status === 'pass').length;
  lines.push(`**${passed}/${runs} scenario runs passed** on ${table.versions.length} git version(s), ${table.findings.length} finding(s).`, '');
  return lines.join('\n');
}
