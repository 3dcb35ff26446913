import pc from 'picocolors';
import type { ScenarioResult, StepResult } from '../../scenario/types.js';
import { describeRun } from '../../scenario/run-step.js';
import { classifyGitFailure } from '../../scenario/git-findings.js';
import { formatCommand } from '../../process/command-result.js';
import { indentLines } from '../../text/indent-lines.js';

const MARK: Record<StepResult['status'], string> = {
  pass: pc.green('✓'),
  drift: pc.yellow('~'),
  fail: pc.red('✗'),
  skipped: pc.dim('-'),
};

/** One line for a finished step, for progress output. */
export function formatStepLine(step: StepResult): string {
  const time = step.durationMs >= 1000 ? pc.dim(` ${(step.durationMs / 1000).toFixed(1)}s`) : '';
  return `  ${MARK[step.status]} ${step.status === 'skipped' ? pc.dim(step.name) : step.name}${time}`;
}

/** Everything a maintainer needs about a failed step: scenario, step, git version, command, expectation, exact output. */
export function formatStepFailure(result: ScenarioResult, step: StepResult, options: { readonly work?: string } = {}): string {
  const work = options.work ?? '';
  const lines = [`${pc.red('FAIL')} scenario ${result.scenario}, step "${step.name}" (git ${result.git.version})`];
  const runs = step.run ? [step] : (step.children ?? []).filter((child) => child.run);
  for (const child of runs) {
    if (!child.run) continue;
    lines.push(`  ${describeRun(child.run, work)}`, `  exit code ${child.run.exitCode}${child.run.signal ? ` (signal ${child.run.signal})` : ''}`);
  }
  lines.push(...step.failures.map((failure) => indentLines(failure, '    ').join('\n').replace(/^ {4}/, '  ✗ ')));
  for (const child of runs) {
    if (!child.run) continue;
    lines.push('  stdout:', ...(child.run.stdout ? indentLines(child.run.stdout, '    | ') : ['    (empty)']));
    lines.push('  stderr:', ...(child.run.stderr ? indentLines(child.run.stderr, '    | ') : ['    (empty)']));
  }
  return lines.join('\n');
}

/** A heading line for a scenario. */
export function formatScenarioHeading(name: string, gitVersion: string): string {
  return `${pc.bold(name)} ${pc.dim(`(git ${gitVersion})`)}`;
}

/** Every failed git call the steps saw, with exact stderr and time taken, then a count per cause; nothing when there were none. */
export function formatFindings(result: ScenarioResult): string[] {
  const findings = result.steps.flatMap((step) => step.findings ?? []);
  if (findings.length === 0) return [];
  const lines: string[] = [];
  const counts = new Map<string, number>();
  for (const finding of findings) {
    const cause = classifyGitFailure(finding.stderr);
    counts.set(cause, (counts.get(cause) ?? 0) + 1);
    const outcome = finding.recovered ? pc.yellow('recovered') : pc.red('not recovered');
    lines.push(`  ${pc.yellow('git failure')} [${cause}] ${finding.step}: $ ${formatCommand(finding.command)}`);
    lines.push(
      `    exit ${finding.exitCode} after ${finding.durationMs} ms, try ${finding.attempt}, ${outcome}, git ${finding.gitVersion}${finding.cwd ? `, in ${finding.cwd}` : ''}`,
    );
    lines.push(...(finding.stderr ? indentLines(finding.stderr, '    | ') : ['    | (no stderr)']));
  }
  const recovered = findings.filter((finding) => finding.recovered).length;
  const byCause = [...counts].map(([cause, count]) => `${cause}: ${count}`).join(', ');
  lines.push(`  ${findings.length} failed git calls on git ${result.git.version} (${recovered} recovered by trying again; ${byCause})`);
  return lines;
}

/** The closing lines of a scenario: its verdict, drift findings and failures in full. */
export function formatScenarioEnd(result: ScenarioResult): string {
  const lines: string[] = [];
  for (const step of result.steps) {
    for (const finding of step.drift) {
      lines.push(
        `  ${pc.yellow('drift')} ${finding.step} on git ${finding.gitVersion}: lab shows ${JSON.stringify(finding.expected)}, git printed ${JSON.stringify(finding.actual)}`,
      );
    }
  }
  lines.push(...formatFindings(result));
  for (const step of result.steps.filter((candidate) => candidate.status === 'fail')) lines.push(formatStepFailure(result, step));
  const verdict = result.status === 'pass' ? pc.green('passed') : pc.red('failed');
  const passed = result.steps.filter((step) => step.status === 'pass' || step.status === 'drift').length;
  lines.push(`  ${verdict}: ${passed}/${result.steps.length} steps in ${(result.durationMs / 1000).toFixed(1)}s`);
  return lines.join('\n');
}
