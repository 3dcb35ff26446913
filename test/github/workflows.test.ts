import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import { parseFormatSpec } from '../../src/report/grade/emit-reports.js';

type Mapping = Readonly<Record<string, unknown>>;

const root = join(import.meta.dirname, '..', '..');
const workflowFiles = readdirSync(join(root, '.github', 'workflows'))
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join('.github', 'workflows', name));

function load(relative: string): Mapping {
  const document = parseDocument(readFileSync(join(root, relative), 'utf8'), { uniqueKeys: true, prettyErrors: true });
  expect(document.errors.map((error) => error.message)).toEqual([]);
  expect(document.warnings.map((warning) => warning.message)).toEqual([]);
  const value: unknown = document.toJS();
  expect(value).toBeTypeOf('object');
  return value as Mapping;
}

function mapping(value: unknown, where: string): Mapping {
  expect(value, `${where} is a mapping`).toBeTypeOf('object');
  expect(Array.isArray(value), `${where} is a mapping, not a list`).toBe(false);
  return value as Mapping;
}

function steps(value: unknown, where: string): Mapping[] {
  expect(Array.isArray(value) && value.length > 0, `${where} has steps`).toBe(true);
  return (value as unknown[]).map((step, index) => mapping(step, `${where} step ${index + 1}`));
}

/** Every `${{ ... }}` expression in a value, as text. */
function expressions(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(/\$\{\{(.*?)\}\}/g)].map((match) => match[1]!.trim());
}

/** Names after `prefix.` in expressions and `if:` conditions, e.g. `inputs.path` gives `path`. */
function referenced(value: unknown, prefix: string): Set<string> {
  const text = JSON.stringify(value);
  const pattern = new RegExp(`(?<![\\w.-])${prefix.replace('.', '\\.')}\\.([A-Za-z_][\\w-]*)`, 'g');
  return new Set([...text.matchAll(pattern)].map((match) => match[1]!));
}

function checkSteps(list: readonly Mapping[], where: string, composite: boolean): void {
  const ids = list.map((step) => step.id).filter((id): id is string => typeof id === 'string');
  expect(new Set(ids).size, `${where}: step ids are unique`).toBe(ids.length);
  list.forEach((step, index) => {
    const name = `${where} step ${index + 1} (${String(step.name ?? step.uses ?? step.run)})`;
    expect('uses' in step !== 'run' in step, `${name} has exactly one of uses and run`).toBe(true);
    if ('uses' in step) expect(step.uses, `${name}: uses names an action`).toMatch(/^(\.\/[\w./-]*|[\w.-]+\/[\w./-]+@[\w.-]+|docker:\/\/.+)$/);
    if ('run' in step) {
      expect(typeof step.run, `${name}: run is a script`).toBe('string');
      if (composite) expect(step.shell, `${name}: a composite run step needs shell`).toBeTypeOf('string');
      expect('with' in step, `${name}: with belongs to uses steps`).toBe(false);
    }
  });
  const known = new Set(ids);
  for (const id of referenced(list, 'steps')) expect(known.has(id), `${where}: steps.${id} refers to a step id`).toBe(true);
}

describe.each(workflowFiles)('%s', (file) => {
  const workflow = load(file);

  test('has a trigger and jobs, each with runs-on and steps that use or run one thing', () => {
    expect(workflow.on, 'on').toBeDefined();
    const jobs = mapping(workflow.jobs, 'jobs');
    expect(Object.keys(jobs).length).toBeGreaterThan(0);
    for (const [jobId, value] of Object.entries(jobs)) {
      const job = mapping(value, `job ${jobId}`);
      if ('uses' in job) continue;
      expect(job['runs-on'], `job ${jobId} runs-on`).toBeDefined();
      const jobSteps = steps(job.steps, `job ${jobId}`);
      checkSteps(jobSteps, `job ${jobId}`, false);
      const matrix = (job.strategy as Mapping | undefined)?.matrix as Mapping | undefined;
      for (const key of referenced(job, 'matrix')) expect(matrix && key in matrix, `job ${jobId}: matrix.${key} is in the matrix`).toBe(true);
      for (const output of Object.values((job.outputs as Mapping | undefined) ?? {})) {
        for (const id of referenced(output, 'steps'))
          expect(
            jobSteps.some((step) => step.id === id),
            `job ${jobId} output names step ${id}`,
          ).toBe(true);
      }
    }
    for (const expression of expressions(workflow)) expect(expression.length, 'no empty ${{ }}').toBeGreaterThan(0);
  });
});

test('the CI runs the test suite on four git versions and Node 20 and 22', () => {
  const job = mapping(mapping(load('.github/workflows/ci.yml').jobs, 'jobs').test, 'test');
  const matrix = mapping(mapping(job.strategy, 'strategy').matrix, 'matrix');
  expect(matrix.node).toEqual([20, 22]);
  expect((matrix.distro as Mapping[]).map((row) => `${String(row.image)} ${String(row.git)}`)).toEqual([
    'debian:bullseye 2.30',
    'debian:bookworm 2.39',
    'ubuntu:24.04 2.43',
    'debian:trixie 2.47',
  ]);
  expect(job.container).toBe('${{ matrix.distro.image }}');
  const scripts = steps(job.steps, 'test').map((step) => String(step.run ?? ''));
  expect(scripts).toContain('npm ci');
  expect(scripts).toContain('npm test');
});

test('the reusable workflow declares every input it uses and passes the Classroom result out', () => {
  const workflow = load('.github/workflows/grade.yml');
  const call = mapping(mapping(workflow.on, 'on').workflow_call, 'workflow_call');
  const inputs = mapping(call.inputs, 'workflow_call.inputs');
  for (const [name, input] of Object.entries(inputs)) expect(['string', 'boolean', 'number'], `input ${name} type`).toContain(mapping(input, name).type);
  for (const name of referenced(workflow.jobs, 'inputs')) expect(name in inputs, `inputs.${name} is declared`).toBe(true);
  const outputs = mapping(call.outputs, 'workflow_call.outputs');
  expect(mapping(outputs.result, 'result').value).toBe('${{ jobs.grade.outputs.result }}');
  const job = mapping(mapping(workflow.jobs, 'jobs').grade, 'grade');
  expect(mapping(job.outputs, 'outputs').result).toBe('${{ steps.wtlab.outputs.result }}');
  const jobSteps = steps(job.steps, 'grade');
  const learner = jobSteps[0]!;
  expect(learner.uses).toMatch(/^actions\/checkout@/);
  expect(mapping(learner.with, 'with')['fetch-depth']).toBe(0);
  const action = load('action.yml');
  const grade = jobSteps.find((step) => step.id === 'wtlab')!;
  expect(grade.uses).toBe('./.wtlab');
  for (const name of Object.keys(mapping(grade.with, 'with'))) expect(name in mapping(action.inputs, 'action inputs'), `action input ${name}`).toBe(true);
});

test('the composite action checks out full history, grades to JUnit, GitHub and Classroom, uploads and outputs result', () => {
  const action = load('action.yml');
  expect(action.name).toBeTypeOf('string');
  expect(action.description).toBeTypeOf('string');
  const runs = mapping(action.runs, 'runs');
  expect(runs.using).toBe('composite');
  const list = steps(runs.steps, 'runs');
  checkSteps(list, 'action', true);
  const inputs = mapping(action.inputs, 'inputs');
  for (const name of referenced(action, 'inputs')) expect(name in inputs, `inputs.${name} is declared`).toBe(true);
  for (const [name, input] of Object.entries(inputs)) expect(mapping(input, name).description, `input ${name} description`).toBeTypeOf('string');
  expect(mapping(mapping(action.outputs, 'outputs').result, 'result').value).toBe('${{ steps.grade.outputs.result }}');

  const checkout = list.find((step) => String(step.uses).startsWith('actions/checkout@'))!;
  expect(mapping(checkout.with, 'checkout with')['fetch-depth']).toBe(0);
  const grade = list.find((step) => step.id === 'grade')!;
  const command = String(grade.run)
    .split('\n')
    .find((line) => line.includes(' wtlab grade '))!;
  expect(command).toMatch(/^npx --prefix "\$GITHUB_ACTION_PATH" wtlab grade /);
  const formats = [...command.matchAll(/--format "?([^"\s]+)"?/g)].map((match) => parseFormatSpec(match[1]!.replace('$WTLAB_JUNIT', 'wtlab-junit.xml')));
  expect(formats).toEqual([{ format: 'junit', file: 'wtlab-junit.xml' }, { format: 'github' }, { format: 'classroom' }]);
  expect(mapping(inputs['junit-file'], 'junit-file').default).toBe('wtlab-junit.xml');
  const upload = list.find((step) => String(step.uses).startsWith('actions/upload-artifact@'))!;
  expect(upload.if).toBe('always()');
  expect(mapping(upload.with, 'upload with').path).toBe('${{ inputs.junit-file }}');
});

/** Every `uses:` of an action, across the workflows and the composite action. */
function allUses(): string[] {
  const files = [...workflowFiles, 'action.yml'];
  return files.flatMap((file) => [...JSON.stringify(load(file)).matchAll(/"uses":"([^"]+)"/g)].map((match) => match[1]!));
}

test('actions run on Node 24: checkout, setup-node and upload-artifact at v5 or later', () => {
  const official = allUses().filter((uses) => /^actions\/(checkout|setup-node|upload-artifact)@/.test(uses));
  expect(official.length).toBeGreaterThanOrEqual(5);
  for (const uses of official) {
    const major = /@v(\d+)$/.exec(uses)?.[1];
    expect(major, `${uses} names a major version`).toBeDefined();
    expect(Number(major), uses).toBeGreaterThanOrEqual(5);
  }
});

test('the action defaults to Node 22 and installs from the npm cache without rebuilding wtlab', () => {
  const action = load('action.yml');
  expect(mapping(mapping(action.inputs, 'inputs')['node-version'], 'node-version').default).toBe('22');
  const list = steps(mapping(action.runs, 'runs').steps, 'runs');
  const setupNode = list.find((step) => String(step.uses).startsWith('actions/setup-node@'))!;
  expect(mapping(setupNode.with, 'setup-node with')).toMatchObject({ cache: 'npm', 'cache-dependency-path': '${{ github.action_path }}/package-lock.json' });
  const install = String(list.find((step) => step.name === 'Install wtlab')?.run);
  expect(install).toMatch(/npm ci .*--ignore-scripts/);
  expect(install).toMatch(/npm run .*bundle/);
  expect(install).not.toMatch(/\bbuild\b|\btsc\b/);
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  expect(scripts.bundle).toMatch(/^esbuild /);
  expect(scripts.bundle).not.toMatch(/\btsc\b/);
  expect(scripts.prepare, 'no prepare: npm 11 warns about it on install').toBeUndefined();
});
