import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { packageRoot } from '../paths/package-root.js';
import { registerDemo } from './commands/demo.js';
import { registerGit } from './commands/git.js';
import { registerGrade } from './commands/grade.js';
import { registerQuiz } from './commands/quiz.js';
import { registerScenarios } from './commands/scenarios.js';
import { registerSnapshot } from './commands/snapshot.js';
import { UserError } from './user-error.js';

function version(): string {
  const parsed = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return parsed.version;
}

/** Builds the `wtlab` command line with every subcommand. */
export function buildProgram(): Command {
  const program = new Command('wtlab')
    .description('grade and replay the git worktree lab on real git')
    .version(version())
    .exitOverride()
    .showHelpAfterError('(run wtlab --help for usage)');
  registerScenarios(program);
  registerDemo(program);
  registerGit(program);
  registerGrade(program);
  registerSnapshot(program);
  registerQuiz(program);
  return program;
}

/** Runs the CLI: user mistakes print one line and exit 2; only real bugs print a stack. */
export async function main(argv: readonly string[]): Promise<void> {
  // A reader that closes early (`wtlab ... | head`) is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`wtlab: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof CommanderError) {
      process.exitCode = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code) ? 0 : 2;
    } else {
      process.stderr.write(`wtlab: internal error (a bug in wtlab, not in your repository). Please report it with this output:\n${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 70;
    }
  }
}
