import { SCENARIO_FORMATS, type ScenarioFormat } from './index.js';
import { refuseSeveralOnStdout, refuseSharedFile, splitFormatValue, withOutputFile, type FormatChoice } from '../format-spec.js';

/** One `wtlab scenarios --format NAME[=FILE]`: the format and its file; no file, or `-`, means standard output. */
export type ScenarioFormatSpec = FormatChoice<ScenarioFormat>;

/** Whether a format goes to standard output. */
export function toStdout(spec: ScenarioFormatSpec): boolean {
  return spec.file === undefined || spec.file === '-';
}

/**
 * Parses one `--format` value (`json`, `json=scenarios.json`, `junit=-`); returns the reason as text when it is not
 * one (an unknown name, an empty file name), for the option parser to report.
 */
export function parseScenarioFormat(value: string): ScenarioFormatSpec | string {
  const { name, file } = splitFormatValue(value);
  if (!(SCENARIO_FORMATS as readonly string[]).includes(name)) return `it must be one of ${SCENARIO_FORMATS.join(', ')}, optionally with =FILE.`;
  if (file === '') return `it names no file: write ${name}=FILE, or ${name} alone for standard output.`;
  return file === undefined ? { format: name as ScenarioFormat } : { format: name as ScenarioFormat, file };
}

/**
 * The formats one run writes: the `--format` values given (default: `pretty`), with `--output FILE` naming the file
 * of the single format asked for. Throws a UserError for `--output` with several formats or two files, and for two
 * formats on standard output (their texts would mix into one stream no reader can parse), and for two formats naming
 * one file (the second would replace the first).
 */
export function planScenarioFormats(specs: readonly ScenarioFormatSpec[], options: { readonly output?: string }): ScenarioFormatSpec[] {
  const asked: ScenarioFormatSpec[] = specs.length > 0 ? [...specs] : [{ format: 'pretty' }];
  refuseSharedFile(asked);
  if (options.output !== undefined) return withOutputFile(asked, options.output, '--format json=scenarios.json --format junit=scenarios.xml');
  refuseSeveralOnStdout(
    asked.filter(toStdout).map((spec) => spec.format),
    (format) => `scenarios.${format}`,
  );
  return asked;
}
