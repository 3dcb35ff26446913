import { describe, expect, it } from 'vitest';
import sameBranchRefused from '../../../scenarios/same-branch-refused.js';
import { formatMatrixJunit } from '../../../src/report/scenario/junit.js';
import { formatMatrixMarkdown } from '../../../src/report/scenario/markdown.js';
import { formatMatrixPretty } from '../../../src/report/scenario/pretty.js';
import { SCENARIO_FORMATS, scenarioReporters } from '../../../src/report/scenario/index.js';
import { defineScenario } from '../../../src/scenario/define-scenario.js';
import { runMatrix, type MatrixResult } from '../../../src/scenario/run-matrix.js';
import { copyStart, git } from '../../../src/scenario/steps.js';
import { testGit, testLab } from '../../support/git.js';
import { REPO } from '../../../scenarios/support/names.js';

const wrong = defineScenario({
  name: 'wrong-on-purpose',
  summary: 'expects a refusal git does not make',
  steps: [
    copyStart(REPO),
    git('init', REPO, ['init', '-b', 'main']),
    git('status is refused', REPO, ['status', '--short', '--branch'], { expect: { exitCode: 1 } }),
  ],
});

let shared: Promise<MatrixResult> | undefined;
async function matrix(): Promise<MatrixResult> {
  shared ??= testGit().then((gitBinary) => runMatrix({ scenarios: [sameBranchRefused, wrong], gits: [gitBinary], lab: testLab(), compareModuleText: false }));
  return shared;
}

describe('matrix reports', () => {
  it('the registry holds every --format, each a render of the same run', async () => {
    const result = await matrix();
    expect(SCENARIO_FORMATS).toEqual(['pretty', 'json', 'junit', 'markdown']);
    expect(scenarioReporters.pretty.render(result)).toMatch(/1\/2 scenario runs passed\n$/);
    expect(JSON.parse(scenarioReporters.json.render(result))).toMatchObject({ schemaVersion: 1, scenarios: ['same-branch-refused', 'wrong-on-purpose'] });
    expect(scenarioReporters.junit.render(result)).toContain('<testsuites');
    expect(scenarioReporters.markdown.render(result)).toBe(formatMatrixMarkdown(result));
  });

  it('markdown: a scenario table, every step, and the failed step with its exact output', async () => {
    const result = await matrix();
    const version = result.versions[0]?.version ?? '';
    const text = formatMatrixMarkdown(result);
    expect(text).toContain(`| scenario | git ${version} |`);
    expect(text).toContain('| same-branch-refused | ');
    expect(text).toContain('| wrong-on-purpose | ❌ fail |');
    expect(text).toMatch(/\| wrong-on-purpose \| status is refused \| ❌ fail \|/);
    expect(text).toContain(`#### wrong-on-purpose, step "status is refused" on git ${version}`);
    expect(text).toContain('- expected exit code 1, got 0');
    expect(text).toContain('## No commits yet on main');
    expect(text).toContain('**1/2 scenario runs passed**');
  });

  it('pretty: one column per version and the failure beside its output', async () => {
    const text = formatMatrixPretty(await matrix()).replace(/\u001b\[[0-9;]*m/g, '');
    expect(text).toMatch(/^\s+\d+\.\d+/);
    expect(text).toMatch(/wrong-on-purpose\s+FAIL/);
    expect(text).toContain('FAIL scenario wrong-on-purpose, step "status is refused"');
    expect(text).toContain('| ## No commits yet on main');
  });

  it('junit: a suite per version, a case per step, the failure with its message and output', async () => {
    const result = await matrix();
    const xml = formatMatrixJunit(result);
    const steps = result.results.reduce((sum, run) => sum + run.steps.length, 0);
    expect(xml).toMatch(/^<\?xml/);
    expect(xml.match(/<testcase /g)?.length).toBe(steps);
    expect(xml.match(/<failure /g)?.length).toBe(1);
    expect(xml).toContain('message="expected exit code 1, got 0"');
    expect(xml).toContain(`name="wtlab scenarios on git ${result.versions[0]?.version ?? ''}"`);
    // The root as junit-10.xsd has it: a time, and skips counted per suite only.
    const root = /<testsuites [^>]*>/.exec(xml)?.[0] ?? '';
    expect(root).toMatch(/ tests="\d+" failures="1" errors="0" time="[\d.]+"/);
    expect(root).not.toContain('skipped=');
    expect(xml.match(/<testsuite [^>]* time="[\d.]+"/g)?.length).toBe(result.versions.length);
  });
});
