import { readFile } from 'node:fs/promises';
import { defineScenario } from '../src/scenario/define-scenario.js';
import { OWN_SCRIPT_FLAGS } from '../src/lab/agent-plan.js';
import { check, git, idSteps, parallel, run, write } from '../src/scenario/steps.js';
import type { RunStep, Scenario, StepContext } from '../src/scenario/types.js';
import { expectAbsent, expectEmptyFolder } from './support/files.js';
import { expectWorktrees } from './support/worktree-list.js';

export interface AgentsScenarioOptions {
  /** Linked worktrees, one agent process each. @default 8 */
  readonly agents?: number;
  /** Commits each agent makes. @default 5 */
  readonly commits?: number;
  /** Seconds an agent waits before each change, as if thinking. @default 0.05 */
  readonly pauseSeconds?: number;
  /** Tries per git call before an agent or a step gives up. @default 8 */
  readonly attempts?: number;
  /** `gc.auto` in the shared repository; low, so auto-gc runs while agents commit. @default 256 */
  readonly gcAuto?: number;
}

const REPO = 'project';

function agentName(index: number): string {
  return `agent-${String(index + 1).padStart(2, '0')}`;
}

function withRetries(step: RunStep, attempts: number, options: { readonly retryArgs?: readonly string[] } = {}): RunStep {
  return { ...step, retries: attempts - 1, ...(options.retryArgs ? { retryCommand: ['git', ...options.retryArgs] } : {}) };
}

async function expectAgentWork(context: StepContext, names: readonly string[], commits: number): Promise<string[]> {
  const failures: string[] = [];
  for (const name of names) {
    const count = await context.runGit(['rev-list', '--count', `main..agent/${name}`], REPO);
    if (count.stdout.trim() !== String(commits))
      failures.push(`agent/${name} has ${count.stdout.trim() || count.stderr.trim()} commits beyond main, expected ${commits}`);
  }
  return failures;
}

async function expectMergedFiles(context: StepContext, names: readonly string[], commits: number): Promise<string[]> {
  const failures: string[] = [];
  for (const name of names) {
    const wanted = Array.from({ length: commits }, (_, index) => `${name} change ${index + 1}\n`).join('');
    const text = await readFile(context.path(`${REPO}/agents/${name}.txt`), 'utf8').catch(() => undefined);
    if (text !== wanted) failures.push(`${REPO}/agents/${name}.txt on main does not hold the agent's ${commits} changes`);
  }
  return failures;
}

/** Builds the many-agents scenario: N worktrees added at once, N agent processes committing at once, one octopus merge, cleanup. */
export function agentsScenario(options: AgentsScenarioOptions = {}): Scenario {
  const agents = options.agents ?? 8;
  const commits = options.commits ?? 5;
  const attempts = options.attempts ?? 8;
  const names = Array.from({ length: agents }, (_, index) => agentName(index));
  const folders = names.map((name) => `${REPO}-${name}`);
  return defineScenario({
    name: 'agents',
    summary: `Many agents at once: ${agents} linked worktrees added concurrently, ${agents} agent processes committing ${commits} times each at the same time, one merge, cleanup; reports every git failure.`,
    steps: [
      ...idSteps({
        'init-repo': git('init the shared repository', '.', ['init', '-q', '-b', 'main', REPO]),
        'write-readme': write('write a README', `${REPO}/README.md`, '# project shared by many agents\n'),
        'stage-readme': git('stage it', REPO, ['add', 'README.md']),
        'first-commit': git('first commit', REPO, ['commit', '-q', '-m', 'start']),
        'gc-auto': git('auto-gc runs early', REPO, ['config', 'gc.auto', String(options.gcAuto ?? 256)]),
        'gc-foreground': git('auto-gc runs in the foreground of each commit', REPO, ['config', 'gc.autoDetach', 'false']),
        'add-worktrees': parallel(
          `add ${agents} worktrees at the same time`,
          names.map((name, index) =>
            withRetries(git(`add worktree ${folders[index]}`, REPO, ['worktree', 'add', '-q', '-b', `agent/${name}`, `../${folders[index]}`]), attempts, {
              // A failed try may already have made the branch: later tries check it out instead of creating it.
              retryArgs: ['worktree', 'add', '-q', `../${folders[index]}`, `agent/${name}`],
            }),
          ),
        ),
        'worktrees-listed': check(`git worktree list shows main and ${agents} agent branches`, (context) =>
          expectWorktrees(context, REPO, [[REPO, 'main'], ...names.map((name, index) => [folders[index] ?? '', `agent/${name}`] as const)]),
        ),
        'agents-commit': parallel(
          `${agents} agents commit ${commits} times each, at the same time`,
          names.map((name, index) =>
            run(
              `${name} works in ${folders[index]}`,
              ['python3', ...OWN_SCRIPT_FLAGS, '{agents}/commit-agent.py', name, String(commits), String(options.pauseSeconds ?? 0.05), String(attempts)],
              {
                cwd: folders[index] ?? '',
                timeoutMs: 600_000,
                expect: { stdout: `agent ${name}: ${commits} commits in ` },
              },
            ),
          ),
        ),
        'agents-overlapped': check("the agents' running windows overlapped", (context) => {
          const runs = context.result('agents-commit')?.children?.map((child) => child.run) ?? [];
          if (runs.length !== agents || runs.some((result) => result === undefined)) return [`the parallel step has not ${agents} process results`];
          const starts = runs.map((result) => result?.startedAt ?? 0);
          const ends = runs.map((result) => result?.endedAt ?? 0);
          return agents < 2 || Math.max(...starts) < Math.min(...ends) ? [] : ['the agents did not all run at the same time'];
        }),
        'branches-hold-commits': check(`each agent branch holds its ${commits} commits`, (context) => expectAgentWork(context, names, commits)),
        'octopus-merge': withRetries(
          git(`merge all ${agents} branches into main at once (octopus)`, REPO, ['merge', '-q', '--no-edit', ...names.map((name) => `agent/${name}`)]),
          attempts,
        ),
        'main-holds-all': check("main holds every agent's changes", (context) => expectMergedFiles(context, names, commits)),
        'all-merged': git('every agent branch is merged', REPO, ['branch', '--merged', 'main'], { expect: { stdout: names.map((name) => `agent/${name}`) } }),
        'remove-worktrees': parallel(
          `remove ${agents} worktrees at the same time`,
          folders.map((folder) => withRetries(git(`remove worktree ${folder}`, REPO, ['worktree', 'remove', `../${folder}`]), attempts)),
        ),
        prune: git('prune worktree records', REPO, ['worktree', 'prune']),
        'only-main-left': check('only the main worktree is left', (context) => expectWorktrees(context, REPO, [[REPO, 'main']])),
        'no-records-left': check('no records left in .git/worktrees', (context) => expectEmptyFolder(context, `${REPO}/.git/worktrees`)),
        'folders-gone': check('the agent folders are gone', (context) => expectAbsent(context, folders)),
        'delete-branches': withRetries(
          git('delete the merged agent branches', REPO, ['branch', '-q', '-d', ...names.map((name) => `agent/${name}`)]),
          attempts,
        ),
      }),
    ],
  });
}

export default agentsScenario();
