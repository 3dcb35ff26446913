import { describe, expect, it } from 'vitest';
import { agentsScenario } from '../../scenarios/agents.js';
import { formatFindings } from '../../src/report/scenario/step-lines.js';
import { defineScenario } from '../../src/scenario/define-scenario.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { copyStart, git, run } from '../../src/scenario/steps.js';
import { testGit, testLab } from '../support/git.js';
import { REPO } from '../../scenarios/support/names.js';

describe('the agents scenario', () => {
  it("passes at 8 agents on this machine's git, every agent's commits merged and every worktree gone", async () => {
    const { result } = await runScenario(agentsScenario({ agents: 8 }), { git: await testGit(), lab: testLab() });
    const failed = result.steps.filter((step) => step.status === 'fail');
    expect(failed.map((step) => `${step.name}: ${step.failures.join('; ')}`)).toEqual([]);
    expect(result.status).toBe('pass');
    const agents = result.steps.find((step) => step.id === 'agents-commit');
    expect(agents?.children).toHaveLength(8);
    for (const child of agents?.children ?? []) expect(child.run?.stdout).toMatch(/^agent agent-\d\d: 5 commits in \d+ ms, \d+ retries$/m);
    // Any git failure seen on the way was recovered, and is kept with its exact stderr.
    for (const finding of result.steps.flatMap((step) => step.findings ?? [])) {
      expect(finding.recovered).toBe(true);
      expect(finding.stderr).not.toBe('');
    }
  });

  it('makes as many worktrees and agents as asked', () => {
    const scenario = agentsScenario({ agents: 3, commits: 2 });
    const adds = scenario.steps.find((step) => step.id === 'add-worktrees');
    expect(adds?.kind === 'parallel' ? adds.steps.map((step) => step.command.join(' ')) : []).toEqual([
      'git worktree add -q -b agent/agent-01 ../project-agent-01',
      'git worktree add -q -b agent/agent-02 ../project-agent-02',
      'git worktree add -q -b agent/agent-03 ../project-agent-03',
    ]);
  });
});

describe('git-failure findings', () => {
  it('keeps each failed try of a retried step with its exact stderr, and reports it recovered', async () => {
    const scenario = defineScenario({
      name: 'retry',
      summary: 'a step that fails once, then succeeds',
      steps: [
        copyStart(REPO),
        git('init', REPO, ['init', '-q', '-b', 'main']),
        {
          ...git('look up a ref', REPO, ['rev-parse', '--verify', '--quiet', 'refs/heads/nowhere']),
          retries: 2,
          retryCommand: ['git', 'rev-parse', '--verify', 'HEAD^{tree}'],
        },
      ],
    });
    const { result } = await runScenario(scenario, { git: await testGit(), lab: testLab() });
    const step = result.steps[2];
    // HEAD has no commit yet, so the retry command fails too: three failed tries, none recovered.
    expect(step?.status).toBe('fail');
    expect(step?.findings?.map((finding) => [finding.attempt, finding.command.join(' '), finding.recovered])).toEqual([
      [1, 'git rev-parse --verify --quiet refs/heads/nowhere', false],
      [2, 'git rev-parse --verify HEAD^{tree}', false],
      [3, 'git rev-parse --verify HEAD^{tree}', false],
    ]);
    expect(step?.findings?.[1]?.stderr).toBe('fatal: Needed a single revision\n');
    expect(formatFindings(result).at(-1)).toMatch(/3 failed git calls on git .* \(0 recovered by trying again; other: 3\)/);
  });

  it('recovers when a later try succeeds, and reads findings a process prints', async () => {
    const line = JSON.stringify({
      command: ['git', 'commit'],
      exitCode: 128,
      stderr: "fatal: Unable to create '/x/.git/index.lock': File exists.\n",
      durationMs: 7,
      attempt: 1,
      landedAnyway: false,
    });
    const scenario = defineScenario({
      name: 'reported',
      summary: 'a process that reports a git failure it recovered from',
      steps: [
        copyStart(REPO),
        git('init', REPO, ['init', '-q', '-b', 'main']),
        { ...git('status', REPO, ['rev-parse', '--verify', 'refs/heads/nowhere']), retries: 1, retryCommand: ['git', 'status', '--short'] },
        run('an agent reports', ['python3', '-c', `print(${JSON.stringify(`wtlab-finding ${line}`)})`]),
      ],
    });
    const { result } = await runScenario(scenario, { git: await testGit(), lab: testLab() });
    expect(result.status).toBe('pass');
    expect(result.steps[2]?.findings?.map((finding) => finding.recovered)).toEqual([true]);
    expect(result.steps[3]?.findings).toEqual([
      {
        step: 'an agent reports',
        gitVersion: (await testGit()).version,
        command: ['git', 'commit'],
        exitCode: 128,
        stderr: "fatal: Unable to create '/x/.git/index.lock': File exists.\n",
        durationMs: 7,
        attempt: 1,
        recovered: true,
      },
    ]);
    expect(formatFindings(result).join('\n')).toContain('[index.lock] an agent reports: $ git commit');
  });
});
