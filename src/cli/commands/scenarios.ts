import { InvalidArgumentError, type Command } from 'commander';
import type { Lab } from '../../lab/define-lab.js';
import { parseScenarioFormat, type ScenarioFormatSpec } from '../../report/scenario/format-specs.js';
import { SCENARIO_FORMATS } from '../../report/scenario/index.js';
import { collect, positiveInteger } from '../options.js';
import type { ScenariosOptions } from './run-scenarios.js';

/** Collects a `--format NAME[=FILE]` value; an unknown name or an empty file name is refused by the option parser. */
function collectFormat(value: string, previous: readonly ScenarioFormatSpec[] = []): ScenarioFormatSpec[] {
  const spec = parseScenarioFormat(value);
  if (typeof spec === 'string') throw new InvalidArgumentError(spec);
  return [...previous, spec];
}

/** `wtlab scenarios [NAME...]`: replays scripted lab scenarios in temp folders on real git, on one or many git versions. */
export function registerScenarios(program: Command, lab: Lab): void {
  program
    .command('scenarios')
    .description('replay scripted lab scenarios in throwaway repos on real git, on one git or a matrix of versions')
    .argument('[name...]', 'scenarios to run (default: all)')
    .option('--git <bin>', 'git binary to use; repeat for several versions (default: $WTLAB_GIT or git on PATH)', collect)
    .option('--git-versions <list>', 'cached git versions to add to the matrix, e.g. 2.30.2,2.39.5 (see wtlab git list)')
    .option(
      '--lab <dir>',
      "a course's lab folder (start/, setup-worktrees.sh, cleanup-worktrees.sh) instead of ours; its ../README.md is compared with git's output",
    )
    .option(
      '--format <format>',
      `report format, may repeat with =FILE for each one but the format on stdout: ${SCENARIO_FORMATS.join(', ')} (default: pretty)`,
      collectFormat,
    )
    .option('--output <file>', 'write the report (of the one --format) to a file instead of stdout')
    .option('--jobs <n>', 'scenario runs at the same time (default: the number of cores)', positiveInteger)
    .option('--list', 'list the scenarios and exit')
    .option('--agents <n>', 'how many worktrees and agent processes the agents scenario runs at once (default 8)', positiveInteger)
    .addHelpText(
      'after',
      '\nExamples:\n  wtlab scenarios\n  wtlab scenarios lab --git /opt/git-2.30/bin/git\n  wtlab scenarios --git-versions 2.30.2,2.39.5,2.47.3,2.55.0\n  wtlab scenarios --git-versions 2.30.2 --git git --format markdown >> "$GITHUB_STEP_SUMMARY"\n  wtlab scenarios --git-versions 2.30.2 --git git --format markdown --format junit=scenarios.xml --format json=scenarios.json\n  wtlab scenarios --lab ~/course/modules/07/lab --format json\n  wtlab scenarios agents --agents 32',
    )
    // The replays load only now: `wtlab scenarios --help` and a mistyped option stay small.
    .action(async (names: string[], options: ScenariosOptions) => (await import('./run-scenarios.js')).runScenarios(names, options, lab));
}
