import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runGit } from '../git/run-git.js';
import { isPackedFixture } from '../paths/package-root.js';
import { restorePackedNames } from '../paths/packed-names.js';
import { APP_SHAPE_EXIT, APP_SHAPE_PREFIX } from '../lab/agent-plan.js';
import { formatCommand, type CommandResult } from '../process/command-result.js';
import { resolvePython } from '../process/resolve-python.js';
import { asCommandResult, runAppCommands } from './app-commands.js';
import { runProcess } from '../process/run-process.js';
import { checkText } from './check-text.js';
import { findingFromResult, reportedFindings } from './git-findings.js';
import type { CheckVerdict, DriftFinding, EditStep, GitCallFinding, RunStep, Step, StepContext, StepResult } from './types.js';

/** What a step runner needs beyond the step context: placeholders and the sealed environment per date. */
export interface StepRunner {
  readonly context: StepContext;
  readonly placeholders: Readonly<Record<string, string>>;
  envFor(date: string): Record<string, string>;
}

function fill(text: string, placeholders: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => placeholders[key] ?? whole);
}

async function runCommand(step: RunStep, runner: StepRunner, date: string): Promise<CommandResult> {
  const command = step.command.map((part) => fill(part, runner.placeholders));
  const cwd = runner.context.path(step.cwd ?? '.');
  const env = { ...runner.envFor(date), ...step.env };
  const timeout = step.timeoutMs !== undefined ? { timeoutMs: step.timeoutMs } : {};
  const input = step.input !== undefined ? { input: step.input } : {};
  if (command[0] === 'git') return runGit(runner.context.git, command.slice(1), { cwd, env, ...timeout, ...input });
  if (command[0] !== 'python3') return runProcess(command, { cwd, env, ...timeout, ...input });
  if (step.runsApp === true && command[1] === 'cli.py' && step.input === undefined) return runAppStep(command, { cwd, env, ...timeout });
  // The interpreter itself, not a version manager's shim: same python, a fraction of the start-up (see resolvePython).
  const result = await runProcess([await resolvePython(env.PATH ?? ''), ...command.slice(1)], { cwd, env, ...timeout, ...input });
  return { ...result, command };
}

/** An app step's `python3 cli.py ARGS` in a fork of a kept Python (runAppCommands), its outcome shaped as runProcess gives it. */
async function runAppStep(command: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<CommandResult> {
  const startedAt = Date.now();
  const { cwd, env, timeoutMs } = options;
  const secondsPerCommand = timeoutMs === undefined ? {} : { secondsPerCommand: Math.max(1, Math.ceil(timeoutMs / 1000)) };
  const [run] = await runAppCommands({ folder: cwd, commands: [command.slice(2)], env, ...secondsPerCommand });
  if (run === undefined) throw new Error(`the app's command server gave no result in ${cwd}`);
  return asCommandResult(run, { command, cwd, startedAt });
}

/** Runs a step's command, again while it fails and retries are left; failed tries and `wtlab-finding` lines become findings. */
async function runWithRetries(step: RunStep, runner: StepRunner, date: string): Promise<{ result: CommandResult; findings: Partial<StepResult> }> {
  const version = runner.context.git.version;
  const failedTries: CommandResult[] = [];
  const again: RunStep = step.retryCommand !== undefined ? { ...step, command: step.retryCommand } : step;
  let result = await runCommand(step, runner, date);
  while (result.exitCode !== 0 && failedTries.length < (step.retries ?? 0)) {
    failedTries.push(result);
    await sleep(50 * failedTries.length);
    result = await runCommand(again, runner, date);
  }
  if (result.exitCode !== 0 && failedTries.length > 0) failedTries.push(result);
  const recovered = result.exitCode === 0;
  const findings: GitCallFinding[] = [
    ...failedTries.map((failed, index) => findingFromResult(step.name, version, failed, index + 1, recovered)),
    ...reportedFindings(step.name, version, result),
  ];
  return { result, findings: findings.length > 0 ? { findings } : {} };
}

function judgeRun(step: RunStep, result: CommandResult, gitVersion: string): { failures: string[]; drift: DriftFinding[] } {
  const failures: string[] = [];
  const drift: DriftFinding[] = [];
  const expect = step.expect ?? {};
  const wanted = expect.exitCode ?? 0;
  if (result.timedOut) failures.push('the command timed out');
  const shape = result.exitCode === APP_SHAPE_EXIT ? result.stderr.split('\n').find((line) => line.startsWith(APP_SHAPE_PREFIX)) : undefined;
  if (shape !== undefined)
    return { failures: [`the lab folder's app lacks the module's shape (a problem of the lab, not of git): ${shape.slice(APP_SHAPE_PREFIX.length)}`], drift };
  if (wanted === 'nonzero' ? result.exitCode === 0 : wanted !== 'any' && result.exitCode !== wanted) {
    failures.push(`expected exit code ${wanted === 'nonzero' ? 'non-zero' : wanted}, got ${result.exitCode}`);
  }
  const where = { step: step.name, gitVersion };
  const streams = [
    ['stdout', result.stdout, expect.stdout],
    ['stderr', result.stderr, expect.stderr],
    ['output', result.stdout + result.stderr, expect.output],
  ] as const;
  for (const [stream, text, checks] of streams) {
    if (checks === undefined) continue;
    const other =
      stream === 'stdout'
        ? { stream: 'stderr' as const, text: result.stderr }
        : stream === 'stderr'
          ? { stream: 'stdout' as const, text: result.stdout }
          : undefined;
    const verdict = checkText(stream, text, checks, other ? { ...where, other } : where);
    failures.push(...verdict.failures);
    drift.push(...verdict.drift);
  }
  return { failures, drift };
}

async function applyEdit(step: EditStep, context: StepContext): Promise<string[]> {
  const file = context.path(step.file);
  if (step.remove) {
    await rm(file, { recursive: true, force: true });
    return [];
  }
  if (step.write !== undefined) {
    await writeFile(file, step.write);
    return [];
  }
  let text = await readFile(file, 'utf8');
  if (step.appendLines !== undefined) {
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    const ended = text === '' || text.endsWith('\n') ? text : `${text}${newline}`;
    await writeFile(file, `${ended}${step.appendLines.map((line) => `${line}${newline}`).join('')}`);
    return [];
  }
  for (const { find, replace } of step.replace ?? []) {
    if (!text.includes(find)) return [`${step.file} has no text ${JSON.stringify(find)} to replace`];
    text = text.replace(find, () => replace);
  }
  await writeFile(file, text);
  return [];
}

/** How a step ended: when it started, what failed, what drifted, and what else its result carries (its run, children, findings). */
interface StepEnd {
  readonly started: number;
  readonly failures: readonly string[];
  readonly drift?: readonly DriftFinding[];
  readonly extra?: Partial<StepResult>;
}

function finish(step: Step, end: StepEnd): StepResult {
  const { started, failures, drift = [], extra = {} } = end;
  const status = failures.length > 0 ? 'fail' : drift.length > 0 ? 'drift' : 'pass';
  return {
    ...(step.id !== undefined ? { id: step.id } : {}),
    name: step.name,
    kind: step.kind,
    status,
    failures,
    drift,
    durationMs: Date.now() - started,
    ...extra,
  };
}

function isStringList(value: readonly string[] | CheckVerdict): value is readonly string[] {
  return Array.isArray(value);
}

/** Runs one step and judges it; exceptions inside a step become failures of that step. */
export async function runStep(step: Step, runner: StepRunner, date: (offset: number) => string): Promise<StepResult> {
  const started = Date.now();
  const version = runner.context.git.version;
  try {
    switch (step.kind) {
      case 'run': {
        const { result, findings } = await runWithRetries(step, runner, date(0));
        const verdict = judgeRun(step, result, version);
        return finish(step, { started, failures: verdict.failures, drift: verdict.drift, extra: { run: result, ...findings } });
      }
      case 'parallel': {
        const children = await Promise.all(
          step.steps.map(async (child, index) => {
            const childStarted = Date.now();
            const { result, findings } = await runWithRetries(child, runner, date(index));
            const verdict = judgeRun(child, result, version);
            return finish(child, { started: childStarted, failures: verdict.failures, drift: verdict.drift, extra: { run: result, ...findings } });
          }),
        );
        const failures = children.flatMap((child) => child.failures.map((line) => `${child.name}: ${line}`));
        const findings = children.flatMap((child) => child.findings ?? []);
        return finish(step, {
          started,
          failures,
          drift: children.flatMap((child) => child.drift),
          extra: { children, ...(findings.length > 0 ? { findings } : {}) },
        });
      }
      case 'edit':
        return finish(step, { started, failures: await applyEdit(step, runner.context) });
      case 'copy': {
        const from = fill(step.from, runner.placeholders);
        await cp(from, join(runner.context.work, step.to), { recursive: true, errorOnExist: true, force: false });
        if (isPackedFixture(resolve(from))) await restorePackedNames(join(runner.context.work, step.to));
        return finish(step, { started, failures: [] });
      }
      case 'check': {
        const verdict = await step.assert(runner.context);
        if (isStringList(verdict)) return finish(step, { started, failures: verdict });
        const findings = (verdict.findings ?? []).map((finding): DriftFinding => ({ step: step.name, stream: 'state', gitVersion: version, ...finding }));
        return finish(step, { started, failures: verdict.failures, drift: findings });
      }
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return finish(step, { started, failures: [`the step threw: ${message}`] });
  }
}

/** One line naming what a run step ran and where, for failure reports. */
export function describeRun(result: CommandResult, work: string): string {
  const where = result.cwd.startsWith(work) ? result.cwd.slice(work.length).replace(/^\//, '') || '.' : result.cwd;
  return `$ ${formatCommand(result.command)}   (in ${where})`;
}
