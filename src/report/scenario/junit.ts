import type { MatrixResult } from '../../scenario/run-matrix.js';
import type { TestSuite } from 'junit-report-builder';
import { finishJunitRoot, loadJunitBuilder } from '../junit-builder.js';
import { failureDetail } from './matrix-table.js';

/**
 * The matrix as JUnit XML: one test suite per git version, one test case per scenario step; drift goes to system-out.
 * `time` (seconds) on every case, suite and the root.
 */
export function formatMatrixJunit(matrix: MatrixResult): string {
  const builder = loadJunitBuilder().newBuilder();
  const suites: TestSuite[] = [];
  let totalMs = 0;
  for (const version of matrix.versions) {
    const results = matrix.results.filter((candidate) => candidate.git.version === version.version);
    const suiteMs = results.reduce((sum, result) => sum + result.steps.reduce((steps, step) => steps + step.durationMs, 0), 0);
    totalMs += suiteMs;
    const suite = builder
      .testSuite()
      .name(`wtlab scenarios on git ${version.version}`)
      .time(suiteMs / 1000)
      .property('git', version.path);
    suites.push(suite);
    for (const result of results) {
      for (const step of result.steps) {
        const test = suite
          .testCase()
          .className(`${result.scenario} (git ${version.version})`)
          .name(step.name)
          .time(step.durationMs / 1000);
        if (step.status === 'fail') {
          const detail = failureDetail(step);
          test.failure(detail.expected.join('; '), 'expectation');
          test.standardError(
            detail.outputs.map((output) => `$ ${output.command} (exit ${output.exitCode})\nstdout:\n${output.stdout}\nstderr:\n${output.stderr}`).join('\n'),
          );
        } else if (step.status === 'skipped') test.skipped();
        const drift = step.drift.map(
          (finding) => `${finding.kind ?? 'wording'} on git ${finding.gitVersion}: expected ${finding.expected}; git printed ${finding.actual}`,
        );
        if (drift.length > 0) test.standardOutput(drift.join('\n'));
      }
    }
    for (const finding of matrix.moduleText?.findings.filter((candidate) => candidate.gitVersion === version.version) ?? []) {
      suite
        .testCase()
        .className(`module text (git ${version.version})`)
        .name(`line ${finding.line}: ${finding.shown}`)
        .time(0)
        .standardOutput(`module-text drift: the text shows ${finding.shown}; git printed ${finding.printed} (${finding.scenario} / ${finding.step})`);
    }
  }
  finishJunitRoot(suites[0], { seconds: totalMs / 1000 });
  return builder.build();
}
