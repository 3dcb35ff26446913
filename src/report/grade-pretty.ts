import pc from 'picocolors';
import type { CheckResult, CriterionResult, GradeReport, Status } from '../grade/report-types.js';

const MARK: Record<Status, string> = { pass: pc.green('✓'), fail: pc.red('✗'), skip: pc.dim('-'), error: pc.magenta('!') };

function indent(text: string, prefix: string): string {
  return text.replace(/\n$/, '').split('\n').map((line) => prefix + line).join('\n');
}

function formatCheck(check: CheckResult): string {
  const lines = [`    ${MARK[check.status]} ${check.status === 'skip' ? pc.dim(check.message) : check.message}`];
  if (check.location) lines.push(pc.dim(`        at ${check.location.file}${check.location.line ? `:${check.location.line}` : ''}`));
  if (check.status !== 'pass' && check.evidence) lines.push(pc.dim(indent(check.evidence, '        | ')));
  if (check.hint) lines.push(`        ${pc.cyan('→')} ${check.hint}`);
  return lines.join('\n');
}

function formatCriterion(criterion: CriterionResult): string {
  const points = criterion.status === 'skip' ? pc.dim('skipped') : `${criterion.points}/${criterion.maxPoints}`;
  const note = criterion.status === 'error' ? pc.magenta(' (wtlab could not grade this: not your fault)') : '';
  return [`  ${MARK[criterion.status]} ${pc.bold(criterion.id)}  ${criterion.title}  ${points}${note}`, ...criterion.checks.map(formatCheck)].join('\n');
}

/** A plain text report for a person: stage and next step, criteria with their checks, score, commit graph. */
export function formatGradePretty(report: GradeReport): string {
  const lines = [
    pc.bold(`wtlab grade ${report.submission}`) + pc.dim(`  (git ${report.git})`),
    `  stage: ${pc.bold(report.stage)}`,
    ...(report.nextStep ? [`  next:  ${report.nextStep}`] : []),
    '',
    ...report.criteria.map(formatCriterion),
    '',
    pc.bold(`  score: ${report.score}/${report.maxScore}`) + (report.maxScore < report.criteria.length * 20 ? pc.dim(' (skipped criteria are not counted)') : ''),
  ];
  if (report.graph) lines.push('', pc.bold('  commit graph'), indent(report.graph, '    '));
  return `${lines.join('\n')}\n`;
}
