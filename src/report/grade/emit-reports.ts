import { existsSync } from 'node:fs';
import { writeOutputFile } from '../../paths/write-output-file.js';
import { UserError } from '../../errors/user-error.js';
import type { GradeReport } from '../../grade/report-types.js';
import { withoutControlCharacters } from '../without-control-characters.js';
import { refuseSeveralOnStdout, refuseSharedFile, splitFormatValue, withOutputFile, type FormatChoice } from '../format-spec.js';
import { GRADE_FORMATS, gradeReporters, type GradeFormat } from './index.js';
import type { Delivery, DeliveryPlan, GradeRun, ReportContext, Reporter, UngradedSubmission } from './reporter.js';

/** One `wtlab grade --format NAME[=FILE]`; `file` `-` means standard output. */
export type FormatSpec = FormatChoice<GradeFormat>;

export interface EmitOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown };
  readonly isTTY: boolean;
  /** `--output FILE`: the file for the one format asked for. */
  readonly output?: string;
  /** Whether a path exists; defaults to the real file system. */
  readonly pathExists?: (path: string) => boolean;
  /** Submissions that could not be graded: readers that need a result on exit 2 (Classroom, Gradescope, JUnit, GitHub) get one. */
  readonly ungraded?: readonly UngradedSubmission[];
}

function isFormat(name: string): name is GradeFormat {
  return (GRADE_FORMATS as readonly string[]).includes(name);
}

/** Parses one `--format` value: `junit`, `junit=results.xml` or `json=-`. */
export function parseFormatSpec(value: string): FormatSpec {
  const split = splitFormatValue(value);
  const name = split.name.trim();
  const file = split.file;
  if (!isFormat(name)) {
    throw new UserError('UNKNOWN_FORMAT', `unknown format "${name}". Known formats: ${GRADE_FORMATS.join(', ')}. Run: wtlab grade --format json`);
  }
  if (file === '')
    throw new UserError('EMPTY_FORMAT_FILE', `--format ${value} names no file. Write --format ${name}=FILE, or --format ${name} for standard output.`);
  return file === undefined ? { format: name } : { format: name, file };
}

/**
 * Parses every `--format` value and applies `--output`. With no `--format`, the default is `pretty`
 * on a terminal and `json` otherwise. `--output FILE` names the file of the single format asked for. Two formats
 * naming one file are refused (a UserError, TWO_FORMATS_ONE_FILE).
 */
export function parseFormatSpecs(values: readonly (string | FormatSpec)[], options: { readonly isTTY: boolean; readonly output?: string }): FormatSpec[] {
  const specs = values.length > 0 ? values.map(toSpec) : [{ format: options.isTTY ? 'pretty' : 'json' } as const];
  refuseSharedFile(specs);
  if (options.output === undefined) return specs;
  return withOutputFile(specs, options.output, '--format junit=results.xml --format json=report.json');
}

function toSpec(value: string | FormatSpec): FormatSpec {
  return typeof value === 'string' ? parseFormatSpec(value) : value;
}

/** Where a format's main output goes when its spec names no file: its reader's env-named file, or standard output. */
function defaultDestinationKind(spec: FormatSpec, context: ReportContext): Delivery['destination']['kind'] {
  if (spec.file !== undefined) return spec.file === '-' ? 'stdout' : 'write';
  const reporter: Reporter<object> = gradeReporters[spec.format];
  return reporter.planDelivery?.('', [], context, {}).primary.destination.kind ?? 'stdout';
}

/**
 * Refuses two formats on standard output (their texts would mix into one stream no reader can parse); call it
 * before grading so the mistake costs nothing. Classroom and Gradescope count only where their files are not found.
 */
export function checkOneStdout(specs: readonly FormatSpec[], context: ReportContext): void {
  const onStdout = specs.filter((spec) => defaultDestinationKind(spec, context) === 'stdout').map((spec) => spec.format);
  refuseSeveralOnStdout(onStdout, (format) => `wtlab-${format}.out`);
}

/** Renders one format and decides where each piece goes; pure apart from the context it reads. */
export function planFormat(run: GradeRun, spec: FormatSpec, context: ReportContext): DeliveryPlan {
  const { reports, ungraded } = run;
  const reporter: Reporter<object> = gradeReporters[spec.format];
  const options = reporter.optionsFor?.({ ...context, isTTY: context.isTTY && (spec.file === undefined || spec.file === '-') }) ?? {};
  const rendered = reporter.renderRun !== undefined ? reporter.renderRun({ reports, ungraded }, options) : reporter.render(reports, options);
  const plan = reporter.planDelivery?.(rendered, reports, context, options) ?? { primary: { destination: { kind: 'stdout' }, text: rendered }, extra: [] };
  if (spec.file === undefined) return plan;
  const destination = spec.file === '-' ? ({ kind: 'stdout' } as const) : ({ kind: 'write', path: spec.file } as const);
  return { primary: { destination, text: rendered }, extra: plan.extra };
}

async function deliver(delivery: Delivery, stdout: EmitOptions['stdout']): Promise<void> {
  const { destination, text } = delivery;
  if (destination.kind === 'stdout') {
    if (text !== '') stdout.write(text);
    return;
  }
  await writeOutputFile(destination.path, text, {
    code: 'REPORT_NOT_WRITTEN',
    next: 'Pick a writable path, e.g. --format junit=./wtlab-junit.xml',
    append: destination.kind === 'append',
  });
}

/** The context reporters read, from emit options. */
export function reportContext(options: Pick<EmitOptions, 'env' | 'isTTY' | 'pathExists'>): ReportContext {
  return { env: options.env, isTTY: options.isTTY, pathExists: options.pathExists ?? existsSync };
}

/**
 * Writes the reports in every format asked for (`--format` values or parsed specs), each to its file,
 * standard output or the env-named files its reader expects, with control characters escaped in every
 * string first. Returns what was written, in order.
 */
export async function emitReports(
  reports: readonly GradeReport[],
  formatSpecs: readonly (string | FormatSpec)[],
  options: EmitOptions,
): Promise<readonly Delivery[]> {
  const specs = parseFormatSpecs(formatSpecs, options);
  const clean = withoutControlCharacters(reports);
  const context = reportContext(options);
  checkOneStdout(specs, context);
  const ungraded = withoutControlCharacters(options.ungraded ?? []);
  // Formats without a reader that expects a result on exit 2 (pretty, json, markdown) stay silent when nothing was graded.
  const wanted = clean.length > 0 ? specs : specs.filter((spec) => gradeReporters[spec.format].renderRun !== undefined);
  const deliveries = wanted.flatMap((spec) => {
    const plan = planFormat({ reports: clean, ungraded }, spec, context);
    return [plan.primary, ...plan.extra];
  });
  for (const delivery of deliveries) await deliver(delivery, options.stdout);
  return deliveries;
}
