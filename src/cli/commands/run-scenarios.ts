// What `wtlab scenarios` does once its command line is parsed; src/cli/commands/scenarios.ts loads it only then.
import { writeOutputFile } from '../../paths/write-output-file.js';
import { resolveGitBinary, type GitBinary } from '../../git/git-binary.js';
import { parseVersionList, resolveCachedGits } from '../../git-versions/resolve-cached.js';
import { checkAppShape } from '../../lab/check-app-shape.js';
import type { Lab } from '../../lab/define-lab.js';
import { resolveLabFolder, type LabFolder } from '../../lab/lab-folder.js';
import { planScenarioFormats, toStdout, type ScenarioFormatSpec } from '../../report/scenario/format-specs.js';
import { scenarioReporters } from '../../report/scenario/index.js';
import { formatMatrixProgress } from '../../report/scenario/pretty.js';
import { formatScenarioEnd, formatScenarioHeading, formatStepLine } from '../../report/scenario/step-lines.js';
import { runMatrix } from '../../scenario/run-matrix.js';
import { playsAgent } from '../../scenario/steps.js';
import type { Scenario } from '../../scenario/types.js';
import { UserError } from '../../errors/user-error.js';

/** `wtlab scenarios`' options, as commander parses them. */
export interface ScenariosOptions {
  readonly git?: readonly string[];
  readonly gitVersions?: string;
  readonly lab?: string;
  readonly format?: readonly ScenarioFormatSpec[];
  readonly output?: string;
  readonly jobs?: number;
  readonly list?: boolean;
  readonly agents?: number;
}

/** Picks scenarios by name, in registry order; an unknown name is a UserError that lists the known ones. */
export function selectScenarios(names: readonly string[], known: readonly Scenario[]): Scenario[] {
  const unknown = names.filter((name) => !known.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new UserError(
      'UNKNOWN_SCENARIO',
      `unknown scenario ${unknown.join(', ')}. Known: ${known.map((scenario) => scenario.name).join(', ')} (see wtlab scenarios --list).`,
    );
  }
  return names.length === 0 ? [...known] : known.filter((scenario) => names.includes(scenario.name));
}

/**
 * Fails with one line when a selected scenario plays the simulated agents and the lab's app lacks
 * the module's shape: a problem of the lab folder, said once, instead of the same failure per run.
 */
export async function assertAgentsCanWork(lab: LabFolder, scenarios: readonly Scenario[]): Promise<void> {
  if (!scenarios.some((scenario) => scenario.steps.some(playsAgent))) return;
  const missing = await checkAppShape(lab);
  if (missing !== undefined) {
    throw new UserError(
      'LAB_APP_SHAPE',
      `lab folder ${lab.dir}: the simulated agents cannot add their commands: ${missing}. Run the other scenarios by name (wtlab scenarios --list).`,
    );
  }
}

/** The git binaries to run on: every `--git`, then every `--git-versions` entry from the cache; one per version. */
async function resolveGits(options: ScenariosOptions): Promise<GitBinary[]> {
  const named = await Promise.all((options.git ?? []).map((bin) => resolveGitBinary(bin)));
  const cached = options.gitVersions === undefined ? [] : await resolveCachedGits(parseVersionList(options.gitVersions));
  const all = named.length + cached.length === 0 ? [await resolveGitBinary()] : [...named, ...cached];
  return all.filter((git, index) => all.findIndex((other) => other.version === git.version) === index);
}

/** Writes one rendered report to its file, or to standard output. */
async function deliver(report: string, spec: ScenarioFormatSpec): Promise<void> {
  const file = toStdout(spec) ? undefined : spec.file;
  if (file === undefined) {
    process.stdout.write(report);
    return;
  }
  await writeOutputFile(file, report, { code: 'REPORT_NOT_WRITTEN', next: `Pick a writable path, e.g. --format ${spec.format}=./scenarios.${spec.format}` });
}

/** Lists or replays the scenarios `names` picks (all when none) on the gits the options name, delivers the reports and sets the exit code. */
export async function runScenarios(names: readonly string[], options: ScenariosOptions, lab: Lab): Promise<void> {
  const { all, sized = {} } = await lab.scenarios();
  const agents = options.agents;
  if (agents !== undefined && !selectScenarios(names, all).some((scenario) => Object.hasOwn(sized, scenario.name))) {
    throw new UserError(
      'AGENTS_WITHOUT_SCENARIO',
      `--agents sets the size of the agents scenario, which this run does not include. Run: wtlab scenarios agents --agents ${options.agents}`,
    );
  }
  const selected = selectScenarios(names, all).map((scenario) => (agents !== undefined ? (sized[scenario.name]?.(agents) ?? scenario) : scenario));
  if (options.list) {
    for (const scenario of selected) process.stdout.write(`${scenario.name.padEnd(24)} ${scenario.summary}\n`);
    return;
  }
  const formats = planScenarioFormats(options.format ?? [], options.output !== undefined ? { output: options.output } : {});
  const labFolder = resolveLabFolder(options.lab);
  await assertAgentsCanWork(labFolder, selected);
  const gits = await resolveGits(options);
  const pretty = formats.some((spec) => spec.format === 'pretty' && toStdout(spec));
  const stepwise = pretty && gits.length === 1;
  const progress = (line: string) => (pretty ? process.stdout : process.stderr).write(`${line}\n`);
  const matrix = await runMatrix({
    scenarios: selected,
    gits,
    lab: labFolder,
    compareModuleText: selected.length === all.length,
    ...(stepwise ? { jobs: 1 } : options.jobs !== undefined ? { jobs: options.jobs } : {}),
    onProgress: (event) => {
      if (!stepwise) progress(formatMatrixProgress(event));
      else if (event.phase === 'start') progress(formatScenarioHeading(event.scenario, event.gitVersion));
      else if (event.result) progress(`${formatScenarioEnd(event.result)}\n`);
    },
    ...(stepwise ? { onStep: (step) => progress(formatStepLine(step)) } : {}),
  });
  for (const spec of formats) await deliver(scenarioReporters[spec.format].render(matrix), spec);
  process.exitCode = matrix.results.some((result) => result.status === 'fail') ? 1 : 0;
}
