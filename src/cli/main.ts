import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import type { Lab } from '../lab/define-lab.js';
import { packageRoot } from '../paths/package-root.js';
import { UserError } from '../errors/user-error.js';

type Register = (program: Command, lab: Lab) => void;

/** What the CLI runs on. */
export interface CliOptions {
  /** Loads the lab the subcommands grade and replay; called only when a subcommand is registered. */
  readonly loadLab: () => Promise<Lab>;
}

/** Each subcommand's module, loaded only when it runs (or for help), so start-up stays small. */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  scenarios: async () => (await import('./commands/scenarios.js')).registerScenarios,
  demo: async () => (await import('./commands/demo.js')).registerDemo,
  git: async () => (await import('./commands/git.js')).registerGit,
  grade: async () => (await import('./commands/grade.js')).registerGrade,
  snapshot: async () => (await import('./commands/snapshot.js')).registerSnapshot,
  quiz: async () => (await import('./commands/quiz.js')).registerQuiz,
};

function version(): string {
  const parsed = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return parsed.version;
}

/** Builds the `wtlab` command line: only the named subcommand when `argv` names one, else every subcommand (for help). */
export async function buildProgram(argv: readonly string[], options: CliOptions): Promise<Command> {
  const named = argv[2];
  const help = named !== undefined && Object.hasOwn(COMMANDS, named) ? `wtlab ${named} --help` : 'wtlab --help';
  const program = new Command('wtlab')
    .description('grade and replay the git worktree lab on real git')
    .version(version())
    .exitOverride()
    // A mistake on the command line is one line, as every other refusal: `wtlab: REASON (run ... --help for usage)`.
    .configureOutput({
      outputError: (text, write) =>
        write(
          `wtlab: ${text
            .trim()
            .replace(/^error: /, '')
            .replace(/\s*\n\s*/g, ' ')} (run ${help} for usage)\n`,
        ),
    });
  // `wtlab --version` needs no subcommand; `wtlab NAME` needs NAME's; anything else (help, a typo) lists them all.
  const loaders =
    named === '--version' || named === '-V' ? [] : named !== undefined && Object.hasOwn(COMMANDS, named) ? [COMMANDS[named]] : Object.values(COMMANDS);
  if (loaders.length === 0) return program;
  const [lab, registers] = await Promise.all([options.loadLab(), Promise.all(loaders.map((load) => load?.()))]);
  for (const register of registers) register?.(program, lab);
  return program;
}

/** Runs the CLI: user mistakes print one line and exit 2; only real bugs print a stack. */
export async function main(argv: readonly string[], options: CliOptions): Promise<void> {
  // A reader that closes early (`wtlab ... | head`) is not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  try {
    // Loaded only when asked for: it holds the process runner, which a run that starts no process never needs.
    if (process.env.WTLAB_STATS === '1') (await import('../process/process-stats.js')).reportProcessStatsAtExit(process.stderr);
    await (await buildProgram(argv, options)).parseAsync([...argv]);
  } catch (error) {
    if (error instanceof UserError) {
      process.stderr.write(`wtlab: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof CommanderError) {
      // `wtlab` alone asked for nothing: its usage went to stderr and, as a usage mistake (git exits 1 there, and 1 is
      // our "a criterion failed"), it exits 2 so that a CI step that lost its arguments does not pass.
      const noCommand = error.code === 'commander.help' && error.exitCode !== 0;
      if (noCommand) process.stderr.write('wtlab: no command given. Name one, e.g. wtlab grade (wtlab --help lists them)\n');
      process.exitCode = !noCommand && ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code) ? 0 : 2;
    } else {
      process.stderr.write(
        `wtlab: internal error (a bug in wtlab, not in your repository). Please report it with this output:\n${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = 70;
    }
  }
}
