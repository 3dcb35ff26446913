import pc from 'picocolors';
import type { MatrixProgress, MatrixResult } from '../../scenario/run-matrix.js';
import type { StepStatus } from '../../scenario/types.js';
import { buildMatrixTable, failureDetail, scenarioCell } from './matrix-table.js';
import { indentLines } from '../../text/indent-lines.js';

const WORD: Record<StepStatus | 'absent', string> = { pass: 'pass', fail: 'FAIL', drift: 'drift', skipped: 'skip', absent: '-' };

function paint(status: StepStatus | 'absent', text: string): string {
  if (status === 'pass') return pc.green(text);
  if (status === 'fail') return pc.red(text);
  if (status === 'drift') return pc.yellow(text);
  return pc.dim(text);
}

/** One progress line for a scenario run that started or ended. */
export function formatMatrixProgress(event: MatrixProgress): string {
  if (event.phase === 'start') return pc.dim(`[${event.done}/${event.total}] start ${event.scenario} on git ${event.gitVersion}`);
  const result = event.result;
  const drift = result ? result.steps.filter((step) => step.status === 'drift').length : 0;
  const verdict = result?.status === 'fail' ? pc.red('failed') : drift > 0 ? pc.yellow(`passed, ${drift} drift`) : pc.green('passed');
  const time = result ? ` in ${(result.durationMs / 1000).toFixed(1)}s` : '';
  return `[${event.done}/${event.total}] ${event.scenario} on git ${event.gitVersion}: ${verdict}${time}`;
}

/** What the module text shows against what git printed: one entry per mismatch, with the text's line number. */
export function formatModuleTextPretty(moduleText: NonNullable<MatrixResult['moduleText']>): string {
  const { file, findings, compared } = moduleText;
  if (moduleText.skipped !== undefined) return pc.dim(`Module text ${file}: ${moduleText.skipped}`);
  const lines = [pc.bold(`Module text ${file} (${compared} outputs shown):`)];
  if (findings.length === 0) lines.push(`  ${pc.green('every output it shows matches what git printed')}`);
  for (const finding of findings) {
    lines.push(`  ${pc.yellow('module-text')} line ${finding.line}, git ${finding.gitVersion} (${finding.scenario} / ${finding.step})`);
    lines.push(`      the text shows: ${finding.shown}`, `      git printed:    ${finding.printed}`);
  }
  return lines.join('\n');
}

/** The matrix for a terminal: scenario × step × version, then findings, module-text drift and failures with exact output. */
export function formatMatrixPretty(matrix: MatrixResult): string {
  const table = buildMatrixTable(matrix);
  const width = Math.max(...table.rows.map((row) => row.step.length + 4), ...matrix.scenarios.map((name) => name.length), 20);
  const columns = table.versions.map((version) => Math.max(version.length, 5));
  const line = (label: string, cells: readonly (StepStatus | 'absent')[]) =>
    `${label.padEnd(width)}  ${cells.map((status, index) => paint(status, WORD[status].padEnd(columns[index] ?? 5))).join('  ')}`;
  const lines = [pc.bold(`${''.padEnd(width)}  ${table.versions.map((version, index) => version.padEnd(columns[index] ?? 5)).join('  ')}`)];
  for (const scenario of matrix.scenarios) {
    lines.push(
      pc.bold(
        line(
          scenario,
          table.versions.map((version) => scenarioCell(matrix, scenario, version)),
        ),
      ),
    );
    for (const row of table.rows.filter((candidate) => candidate.scenario === scenario)) lines.push(line(`    ${row.step}`, row.cells));
  }
  if (table.findings.length > 0) {
    lines.push('', pc.bold('Findings (behaviour kept, text or state differs):'));
    for (const finding of table.findings) {
      lines.push(`  ${pc.yellow(finding.kind ?? 'wording')} git ${finding.gitVersion}, ${table.findingsByScenario.get(finding) ?? ''} / ${finding.step}`);
      lines.push(`      expected: ${finding.expected}`, `      git:      ${finding.actual}`);
    }
  }
  if (matrix.moduleText !== undefined) lines.push('', formatModuleTextPretty(matrix.moduleText));
  for (const failure of table.failures) {
    const detail = failureDetail(failure.step);
    lines.push('', `${pc.red('FAIL')} scenario ${failure.scenario}, step "${failure.step.name}" (git ${failure.gitVersion})`);
    lines.push(...detail.expected.map((text) => indentLines(text, '    ').join('\n').replace(/^ {4}/, '  ✗ ')));
    for (const output of detail.outputs) {
      lines.push(`  $ ${output.command}   exit code ${output.exitCode}`);
      lines.push(
        '  stdout:',
        ...(output.stdout ? indentLines(output.stdout, '    | ') : ['    (empty)']),
        '  stderr:',
        ...(output.stderr ? indentLines(output.stderr, '    | ') : ['    (empty)']),
      );
    }
  }
  return lines.join('\n');
}

/** The end of a pretty run: the matrix when more than one version ran (one git already showed each step), the module-text findings, and the count of runs that passed. */
export function formatRunEndPretty(matrix: MatrixResult): string {
  const failed = matrix.results.filter((result) => result.status === 'fail').length;
  const body = matrix.versions.length > 1 ? `\n${formatMatrixPretty(matrix)}\n` : matrix.moduleText ? `${formatModuleTextPretty(matrix.moduleText)}\n\n` : '';
  return `${body}${matrix.results.length - failed}/${matrix.results.length} scenario runs passed\n`;
}
