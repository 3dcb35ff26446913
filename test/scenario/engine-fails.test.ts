import { describe, expect, it } from 'vitest';
import { formatStepFailure } from '../../src/report/scenario/step-lines.js';
import { defineScenario } from '../../src/scenario/define-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { check, copyStart, git } from '../../src/scenario/steps.js';
import { testGit, testLab } from '../support/git.js';
import { REPO } from '../../scenarios/support/names.js';

const wrong = defineScenario({
  name: 'wrong-expectation',
  summary: 'expects a refusal that git does not make',
  steps: [
    copyStart(REPO),
    git('init', REPO, ['init', '-b', 'main']),
    git('status claims to be refused', REPO, ['status', '--short', '--branch'], { expect: { exitCode: 1, stdout: 'no such text' } }),
    check('never reached', () => ['this step must be skipped, not run']),
  ],
});

describe('the scenario engine', () => {
  it('fails a wrong expectation and names the step, the command, the expectation and the output', async () => {
    const git = await testGit();
    const { result } = await runScenario(wrong, { git, lab: testLab() });
    expect(result.status).toBe('fail');
    const step = result.steps[2];
    expect(step?.status).toBe('fail');
    expect(step?.failures).toEqual(['expected exit code 1, got 0', 'stdout does not contain "no such text"']);
    expect(result.steps[3]?.status).toBe('skipped');
    const report = formatStepFailure(result, step!);
    expect(report).toContain('scenario wrong-expectation, step "status claims to be refused"');
    expect(report).toContain(`git ${git.version}`);
    expect(report).toContain('$ git status --short --branch');
    expect(report).toContain('## No commits yet on main');
    expect(report).toContain('stderr:');
  });

  it('reports a lab text met only by a known variant as drift, and an unknown text as failure', async () => {
    const drifting = defineScenario({
      name: 'drift',
      summary: 'lab text differs from git',
      steps: [
        copyStart(REPO),
        git('init', REPO, ['init', '-b', 'main'], {
          expect: { stdout: { lab: 'Made an empty repository', variants: ['Initialized empty Git repository'] } },
        }),
        git('init again', REPO, ['init', '-b', 'main'], { expect: { stdout: { lab: 'Made an empty repository', variants: ['nothing like it'] } } }),
      ],
    });
    const { result } = await runScenario(drifting, { git: await testGit(), lab: testLab() });
    expect(result.steps[1]?.status).toBe('drift');
    expect(result.steps[1]?.drift[0]?.actual).toMatch(/^Initialized empty Git repository in /);
    expect(result.steps[2]?.status).toBe('fail');
  });
});
