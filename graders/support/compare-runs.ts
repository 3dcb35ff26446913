import type { AppCommandRun } from '../../src/evidence/types.js';
import { APP_ENTRY, NEW_COMMANDS } from '../lab.js';

const TRACEBACK = 'Traceback (most recent call last)';

/**
 * Output as compared: CRLF as LF; dates and clock times as placeholders (start and main run moments
 * apart); a Python traceback as its last line (its line numbers move with any edit to the file).
 */
export function normalOutput(text: string): string {
  const lf = text
    .replace(/\r\n/g, '\n')
    .replace(/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<date>')
    .replace(/\b\d{1,2}:\d{2}:\d{2}(?:\.\d+)?\b/g, '<time>');
  if (!lf.includes(TRACEBACK)) return lf;
  return (
    lf
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .pop() ?? ''
  );
}

/**
 * A usage text with the lab's new commands taken out (`done <index> | remaining | wipe` reads `done <index>`, and
 * argparse's `{add,done,wipe}` and `(choose from 'add', 'done', 'wipe')` lose `wipe`): naming them is what the agents
 * were asked to do.
 */
function withoutNewCommands(text: string): string {
  return NEW_COMMANDS.reduce((current, command) => current.replace(new RegExp(`\\s*[|,]\\s*(['"]?)${command}\\1(?![\\w-])`, 'g'), ''), text);
}

/** Whether two runs of the same command behaved the same: exit code, stdout and stderr (normalised as above; a usage may name the new commands). */
export function sameBehaviour(a: AppCommandRun, b: AppCommandRun): boolean {
  const same = (x: string, y: string) => normalOutput(x) === normalOutput(y) || withoutNewCommands(normalOutput(x)) === withoutNewCommands(normalOutput(y));
  return a.exitCode === b.exitCode && a.timedOut === b.timedOut && same(a.stdout, b.stdout) && same(a.stderr, b.stderr);
}

/** The command line a learner would type for a run. */
export function commandLine(run: Pick<AppCommandRun, 'args'>): string {
  return ['python3', APP_ENTRY, ...run.args.map((arg) => (/^[\w./-]+$/.test(arg) ? arg : `"${arg}"`))].join(' ');
}

/** At most this many characters of one output are shown. */
const SHOWN = 300;

function quoted(text: string): string {
  const shown = normalOutput(text.length > SHOWN * 4 ? text.slice(0, SHOWN * 4) : text).trim();
  if (shown === '') return '(nothing)';
  const lines = shown.split('\n');
  const joined = lines.length > 4 ? `${lines.slice(0, 4).join(' / ')} / ... (${lines.length}${text.length > SHOWN * 4 ? '+' : ''} lines)` : lines.join(' / ');
  return joined.length > SHOWN ? `${joined.slice(0, SHOWN)}... (${text.length} characters)` : joined;
}

/** One side of a comparison on a line: exit code, stdout, stderr. */
export function describeRun(run: AppCommandRun | undefined): string {
  if (run === undefined) return '(not run)';
  return `exit ${run.exitCode}${run.timedOut ? ' (timed out)' : ''}, stdout: ${quoted(run.stdout)}, stderr: ${quoted(run.stderr)}`;
}

/** What differs between two runs, in a few words: `exit 0 became 1`, `stdout changed`, `stderr changed`. */
export function difference(start: AppCommandRun, main: AppCommandRun): string {
  if (start.timedOut !== main.timedOut) return main.timedOut ? 'it now hangs' : 'it no longer hangs';
  if (start.exitCode !== main.exitCode) return `its exit code went from ${start.exitCode} to ${main.exitCode}`;
  if (normalOutput(start.stdout) !== normalOutput(main.stdout)) return 'it prints something else';
  return 'it reports errors differently';
}

/** A run's stdout and stderr split into lines, CRLF as LF, without trailing blanks. */
export function outputLines(text: string): string[] {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd());
}
