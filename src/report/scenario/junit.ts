import type { MatrixResult } from '../../scenario/run-matrix.js';
import { loadJunitBuilder } from '../junit-builder.js';
import { failureDetail } from './matrix-table.js';

/** The matrix as JUnit XML: one test suite per git version, one test case per scenario step; drift goes to system-out. */
export function formatMatrixJunit(matrix: MatrixResult): string {
  const builder = loadJunitBuilder().newBuilder();
  for (const version of matrix.versions) {
    const suite = builder.testSuite().name(`wtlab scenarios on git ${version.version}`).property('git', version.path);
    for (const result of matrix.results.filter((candidate) => candidate.git.version === version.version)) {
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
        .standardOutput(`module-text drift: the text shows ${finding.shown}; git printed ${finding.printed} (${finding.scenario} / ${finding.step})`);
    }
  }
  return builder.build();
}
