import { resolve } from 'node:path';
import { UserError } from '../errors/user-error.js';

/** One `--format NAME[=FILE]` of a command that writes reports: the format and its file (none, or `-`, is standard output). */
export interface FormatChoice<F extends string> {
  readonly format: F;
  readonly file?: string;
}

/** Splits one `--format` value at its first `=`: `junit` has no file, `junit=out.xml` names one, `junit=` an empty one. */
export function splitFormatValue(value: string): { readonly name: string; readonly file: string | undefined } {
  const equals = value.indexOf('=');
  return equals === -1 ? { name: value, file: undefined } : { name: value.slice(0, equals), file: value.slice(equals + 1) };
}

/**
 * `--output FILE` applied to the formats asked for: the one format, written to FILE. Throws a UserError when several
 * formats were asked for (OUTPUT_WITH_SEVERAL_FORMATS, `example` showing a file per format) or when the format already
 * names another file (OUTPUT_TWICE).
 */
export function withOutputFile<F extends string>(choices: readonly FormatChoice<F>[], output: string, example: string): FormatChoice<F>[] {
  const [only] = choices;
  if (choices.length !== 1 || only === undefined) {
    throw new UserError(
      'OUTPUT_WITH_SEVERAL_FORMATS',
      `--output names one file but ${choices.length} formats were asked for. Name a file per format instead: ${example}`,
    );
  }
  if (only.file !== undefined && only.file !== output) {
    throw new UserError('OUTPUT_TWICE', `--format ${only.format}=${only.file} and --output ${output} name two files. Keep one of them.`);
  }
  return [{ format: only.format, file: output }];
}

/**
 * Refuses two formats on standard output: their texts would mix into one stream no reader can parse. `formats` are
 * those bound for standard output, in the order asked; `fileFor` names an example file for the second one.
 * Throws a UserError (TWO_FORMATS_ON_STDOUT) when there are two or more.
 */
export function refuseSeveralOnStdout(formats: readonly string[], fileFor: (format: string) => string): void {
  const [first, second] = formats;
  if (first === undefined || second === undefined) return;
  throw new UserError(
    'TWO_FORMATS_ON_STDOUT',
    `--format ${formats.join(' and --format ')} would all go to standard output and mix. Give all but one a file: --format ${first} --format ${second}=${fileFor(second)}`,
  );
}

/**
 * Refuses two different formats written to one file: the second would replace the first, and the reader of that file
 * (JUnit, a JSON parser) would find the other format in it. Files are compared as absolute paths from the current
 * folder; `-` (standard output) is left to refuseSeveralOnStdout. The same format asked twice for one file is harmless.
 * Throws a UserError (TWO_FORMATS_ONE_FILE) naming both formats and the file.
 */
export function refuseSharedFile<F extends string>(choices: readonly FormatChoice<F>[]): void {
  const byFile = new Map<string, FormatChoice<F>>();
  for (const choice of choices) {
    if (choice.file === undefined || choice.file === '-') continue;
    const path = resolve(choice.file);
    const earlier = byFile.get(path);
    if (earlier !== undefined && earlier.format !== choice.format) {
      throw new UserError(
        'TWO_FORMATS_ONE_FILE',
        `--format ${earlier.format}=${earlier.file ?? ''} and --format ${choice.format}=${choice.file} write the same file, so ${choice.format} would replace ${earlier.format}. Give each its own file: --format ${choice.format}=wtlab-${choice.format}.out`,
      );
    }
    byFile.set(path, choice);
  }
}
