import type { GradeReport } from '../../grade/report-types.js';

/** Where one piece of output goes: standard output, a file written anew, or a file appended to. */
export type Destination = { readonly kind: 'stdout' } | { readonly kind: 'write'; readonly path: string } | { readonly kind: 'append'; readonly path: string };

/** One piece of output and where it goes. */
export interface Delivery {
  readonly destination: Destination;
  readonly text: string;
}

/** What a reporter may read about the run to pick its defaults; never written to. */
export interface ReportContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
  /** Whether a path exists (a seam so plans stay pure in tests). */
  readonly pathExists: (path: string) => boolean;
}

/** Where a reporter's rendered text goes when no file is named, plus extra outputs its reader expects. */
export interface DeliveryPlan {
  readonly primary: Delivery;
  readonly extra: readonly Delivery[];
}

/** A submission that could not be graded (wtlab exits 2): readers that expect a result still get one, with the reason. */
export interface UngradedSubmission {
  /** The path or URL as given. */
  readonly submission: string;
  /** Why, in one line (the same line wtlab prints on standard error). */
  readonly reason: string;
  /** The points the submission could have earned (every criterion's), so a reader shows 0 of them. */
  readonly maxScore: number;
}

/** Everything one `wtlab grade` run produced: the reports of graded submissions and the ones that could not be graded. */
export interface GradeRun {
  readonly reports: readonly GradeReport[];
  readonly ungraded: readonly UngradedSubmission[];
}

/** A report format: a pure render function plus, where its reader wants env-named files, a pure delivery plan. */
export interface Reporter<Options extends object> {
  readonly name: string;
  readonly summary: string;
  readonly defaultOptions: Readonly<Options>;
  /** Renders the reports as text; never touches files, env or streams. */
  render(reports: readonly GradeReport[], options?: Partial<Options>): string;
  /** Renders a whole run, ungraded submissions included, for readers that need a result even on exit 2; absent means `render(run.reports)`. */
  renderRun?(run: GradeRun, options?: Partial<Options>): string;
  /** Options that depend on where the output goes (colour on a TTY). */
  optionsFor?(context: ReportContext): Partial<Options>;
  /** The default destination and any extra outputs; absent means standard output only. */
  planDelivery?(rendered: string, reports: readonly GradeReport[], context: ReportContext, options?: Partial<Options>): DeliveryPlan;
}

/** Identity helper that only exists for type inference of a reporter and its options. */
export function defineReporter<Options extends object>(reporter: Reporter<Options>): Reporter<Options> {
  return reporter;
}

/** Merges options over a reporter's defaults, ignoring keys given as undefined. */
export function resolveOptions<Options extends object>(defaults: Readonly<Options>, options: Partial<Options> = {}): Options {
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...defaults, ...defined } as Options;
}

/** Ends text with exactly one newline (empty text stays empty). */
export function endLine(text: string): string {
  return text === '' ? '' : `${text.replace(/\n+$/, '')}\n`;
}
