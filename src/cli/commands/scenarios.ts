import type { Command } from 'commander';
import { agentsScenario } from '../../../scenarios/agents.js';
import { scenarios as allScenarios } from '../../../scenarios/index.js';
import { resolveGitBinary, type GitBinary } from '../../git/git-binary.js';
import { resolveLabFolder } from '../../lab/lab-folder.js';
import { formatScenarioEnd, formatScenarioHeading, formatStepLine } from '../../report/scenario-pretty.js';
import { runScenario } from '../../scenario/run-scenario.js';
import type { Scenario, ScenarioResult } from '../../scenario/types.js';
import { collect, oneOf, positiveInteger } from '../options.js';
import { UserError } from '../user-error.js';

const FORMATS = ['pretty', 'json'] as const;

interface ScenariosOptions {
  readonly git?: readonly string[];
  readonly lab?: string;
  readonly format: (typeof FORMATS)[number];
  readonly list?: boolean;
  readonly agents?: number;
}

/** Picks scenarios by name, in registry order; an unknown name is a UserError that lists the known ones. */
export function selectScenarios(names: readonly string[], known: readonly Scenario[] = allScenarios): Scenario[] {
  const unknown = names.filter((name) => !known.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new UserError('UNKNOWN_SCENARIO', `unknown scenario ${unknown.join(', ')}. Known: ${known.map((scenario) => scenario.name).join(', ')} (see wtlab scenarios --list).`);
  }
  return names.length === 0 ? [...known] : known.filter((scenario) => names.includes(scenario.name));
}

async function runAll(selected: readonly Scenario[], gits: readonly GitBinary[], options: ScenariosOptions): Promise<ScenarioResult[]> {
  const lab = resolveLabFolder(options.lab);
  const results: ScenarioResult[] = [];
  const pretty = options.format === 'pretty';
  for (const git of gits) {
    for (const scenario of selected) {
      if (pretty) process.stdout.write(`${formatScenarioHeading(scenario.name, git.version)}\n`);
      const { result } = await runScenario(scenario, {
        git,
        lab,
        ...(pretty ? { onStep: (step) => process.stdout.write(`${formatStepLine(step)}\n`) } : {}),
      });
      if (pretty) process.stdout.write(`${formatScenarioEnd(result)}\n\n`);
      results.push(result);
    }
  }
  return results;
}

/** `wtlab scenarios [NAME...]`: replays scripted lab scenarios in temp folders on real git. */
export function registerScenarios(program: Command): void {
  program
    .command('scenarios')
    .description('replay scripted lab scenarios in throwaway repos on real git')
    .argument('[name...]', 'scenarios to run (default: all)')
    .option('--git <bin>', 'git binary to use; repeat for several versions (default: $WTLAB_GIT or git on PATH)', collect)
    .option('--lab <dir>', "a course's lab folder (start/, setup-worktrees.sh, cleanup-worktrees.sh) instead of ours")
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, oneOf(FORMATS), 'pretty')
    .option('--list', 'list the scenarios and exit')
    .option('--agents <n>', 'how many worktrees and agent processes the agents scenario runs at once (default 8)', positiveInteger)
    .addHelpText('after', '\nExamples:\n  wtlab scenarios\n  wtlab scenarios lab --git /opt/git-2.30/bin/git\n  wtlab scenarios --lab ~/course/modules/07/lab --format json\n  wtlab scenarios agents --agents 32')
    .action(async (names: string[], options: ScenariosOptions) => {
      if (options.agents !== undefined && !selectScenarios(names).some((scenario) => scenario.name === 'agents')) {
        throw new UserError('AGENTS_WITHOUT_SCENARIO', `--agents sets the size of the agents scenario, which this run does not include. Run: wtlab scenarios agents --agents ${options.agents}`);
      }
      const selected = selectScenarios(names).map((scenario) =>
        scenario.name === 'agents' && options.agents !== undefined ? agentsScenario({ agents: options.agents }) : scenario,
      );
      if (options.list) {
        for (const scenario of selected) process.stdout.write(`${scenario.name.padEnd(24)} ${scenario.summary}\n`);
        return;
      }
      const requested = options.git && options.git.length > 0 ? options.git : [undefined];
      const gits = await Promise.all(requested.map((bin) => resolveGitBinary(bin)));
      const results = await runAll(selected, gits, options);
      if (options.format === 'json') process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      const failed = results.filter((result) => result.status === 'fail');
      if (options.format === 'pretty') {
        process.stdout.write(`${results.length - failed.length}/${results.length} scenario runs passed\n`);
      }
      process.exitCode = failed.length > 0 ? 1 : 0;
    });
}
