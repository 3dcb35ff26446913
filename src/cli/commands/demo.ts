import type { Command } from 'commander';
import { join } from 'node:path';
import { resolveGitBinary } from '../../git/git-binary.js';
import { resolveLabFolder } from '../../lab/lab-folder.js';
import { formatScenarioEnd, formatScenarioHeading, formatStepLine } from '../../report/scenario/step-lines.js';
import { gradeSubmission } from '../../grade/grade-submission.js';
import type { Lab } from '../../lab/define-lab.js';
import { prettyReporter } from '../../report/grade/pretty.js';
import { runScenario } from '../../scenario/run-scenario.js';
import { exitCodeFor } from './grade.js';
import { assertAgentsCanWork } from './run-scenarios.js';

interface DemoOptions {
  readonly git?: string;
  readonly lab?: string;
}

/** `wtlab demo`: plays the whole lab in a temp folder as a learner would, then grades the result. */
export function registerDemo(program: Command, lab: Lab): void {
  program
    .command('demo')
    .description('play the whole lab in a temp folder as a learner would, showing each step, then grade the result')
    .option('--git <bin>', 'git binary to use (default: $WTLAB_GIT or git on PATH)')
    .option('--lab <dir>', "a course's lab folder instead of ours")
    .addHelpText('after', '\nExample:\n  wtlab demo')
    .action(async (options: DemoOptions) => {
      const git = await resolveGitBinary(options.git);
      const labFolder = resolveLabFolder(options.lab);
      const { demo } = await lab.scenarios();
      await assertAgentsCanWork(labFolder, [demo]);
      process.stdout.write(`${formatScenarioHeading(demo.name, git.version)}\n`);
      const { result, sandbox } = await runScenario(demo, {
        git,
        lab: labFolder,
        keep: true,
        onStep: (step) => process.stdout.write(`${formatStepLine(step)}\n`),
      });
      try {
        process.stdout.write(`${formatScenarioEnd(result)}\n\n`);
        if (result.status !== 'pass' || sandbox === undefined) {
          process.exitCode = 1;
          return;
        }
        const report = await gradeSubmission(join(sandbox.work, lab.repo), { git, lab });
        process.stdout.write(prettyReporter.render([report], { color: process.stdout.isTTY === true && !process.env.NO_COLOR }));
        process.exitCode = exitCodeFor([report]);
      } finally {
        await sandbox?.remove();
      }
    });
}
