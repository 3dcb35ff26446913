import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnerVariants } from '../learners/variants/index.js';
import { labTo } from '../support/lab-variants.js';
import { UserError } from '../../src/errors/user-error.js';
import { resolveCachedGits } from '../../src/git-versions/resolve-cached.js';
import type { GitBinary } from '../../src/git/git-binary.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import { check } from '../../src/scenario/steps.js';
import type { Scenario, Step } from '../../src/scenario/types.js';
import { buildRepo } from '../support/build-repo.js';
import { planSharedPrefixes, resumeAt } from '../support/shared-prefixes.js';
import { isCached } from '../support/cached-git.js';
import { testGit } from '../support/git.js';
import { wtlab } from '../support/cli.js';
import { lab } from '../../lab/index.js';

/** The newest cached git that stores refs in reftable (2.45+). */
const REFTABLE_GIT = ['2.55.0', '2.47.3'].find((version) => isCached(version));
const ROADS = ['valid-lab-as-written', 'wrong-no-worktrees', 'wrong-worktrees-kept', 'wrong-stopped-mid-merge', 'wrong-untidy-cleanup'];

type Format = 'files' | 'reftable';
interface Built {
  readonly sandbox: Sandbox;
  readonly repo: string;
}

let git: GitBinary;
const built = new Map<string, Built>();

/** The first step of every road in `format`: the sandbox's own global config chooses it, before `git init`. One Step per format, so its roads share it. */
function chooseFormat(format: Format): Step {
  return check(`store refs as ${format}`, async (context) => {
    await writeFile(join(context.work, '..', 'home', '.gitconfig'), `[init]\n\tdefaultRefFormat = ${format}\n`);
    return [];
  });
}

/**
 * The roads in `format`: each starts with the format's step, then the road's own steps (the same Step objects, so
 * roads that share first steps share them here too). Named after the git and the format, so the prefixes they share
 * (made once per test run under the road's name) are theirs alone.
 */
function roadsIn(format: Format): { readonly name: string; readonly road: Scenario }[] {
  const first = chooseFormat(format);
  return [...ROADS, 'lab-to-committed'].map((name) => {
    const scenario = scenarioOf(name);
    return { name, road: { ...scenario, name: `reftable-test-${git.version}-${format}-${name}`, steps: [first, ...scenario.steps] } };
  });
}

/**
 * Plays each road with the repository's refs stored in `format`, going on from a copy of the deepest first steps it
 * shares with another road (planSharedPrefixes: each shared step runs once per format; runScenario's `resume` copies
 * the work folder with the same git, refs and reflogs byte for byte). Every step runs after `git init`, which the
 * first steps hold, so a copy made without the format's global config keeps the format; build checks it.
 */
async function buildAll(format: Format): Promise<void> {
  const roads = roadsIn(format);
  const prefixes = planSharedPrefixes(roads.map(({ road }) => road));
  for (const { name, road } of roads) {
    const resume = await resumeAt(prefixes.get(road.name), { git });
    const made = await buildRepo(road, { git, ...(resume === undefined ? {} : { resume }) });
    const stored = await runGit(git, ['rev-parse', '--show-ref-format'], { cwd: made.repo, env: sealedEnv({ git, home: made.sandbox.home }) });
    if (stored.stdout.trim() !== format) throw new Error(`${road.name}: refs stored as ${stored.stdout.trim() || stored.stderr.trim()}, not ${format}`);
    built.set(`${name}:${format}`, { sandbox: made.sandbox, repo: made.repo });
  }
}

function scenarioOf(name: string): Scenario {
  if (name === 'lab-to-committed') return labTo('committed');
  const variant = learnerVariants.find((candidate) => candidate.name === name);
  if (variant === undefined) throw new Error(`no variant ${name}`);
  return { name: variant.name, summary: variant.summary, steps: variant.steps };
}

/** Every check's verdict, the stage and the score: what must not depend on the ref format. */
function verdictVector(report: GradeReport, base: string): Record<string, string | number> {
  return {
    stage: report.stage,
    nextStep: (report.nextStep ?? '').split(base).join('<sandbox>'),
    score: report.score,
    maxScore: report.maxScore,
    ...Object.fromEntries(report.criteria.flatMap((criterion) => criterion.checks.map((one) => [`${criterion.id}/${one.id}`, one.status]))),
  };
}

describe.skipIf(REFTABLE_GIT === undefined)(`reftable repositories (git ${REFTABLE_GIT ?? '2.45+ not cached'})`, () => {
  beforeAll(async () => {
    git = (await resolveCachedGits([REFTABLE_GIT as string]))[0] as GitBinary;
    for (const format of ['files', 'reftable'] as const) await buildAll(format);
  }, 600_000);
  afterAll(async () => {
    for (const repo of built.values()) await repo.sandbox.remove();
  });

  it('are really stored as reftable', async () => {
    const repo = built.get('valid-lab-as-written:reftable') as Built;
    const result = await runGit(git, ['rev-parse', '--show-ref-format'], { cwd: repo.repo, env: sealedEnv({ git, home: repo.sandbox.home }) });
    expect(result.stdout.trim()).toBe('reftable');
  });

  it.each([...ROADS, 'lab-to-committed'])('%s: the same verdict vector, stage and score as with files', async (name) => {
    const [files, reftable] = [built.get(`${name}:files`) as Built, built.get(`${name}:reftable`) as Built];
    const [fromFiles, fromReftable] = [await gradeSubmission(files.repo, { git, lab }), await gradeSubmission(reftable.repo, { git, lab })];
    expect(verdictVector(fromReftable, reftable.sandbox.base)).toEqual(verdictVector(fromFiles, files.sandbox.base));
    const variant = learnerVariants.find((candidate) => candidate.name === name);
    if (variant !== undefined) expect(fromReftable.stage).toBe(variant.expect.stage);
  });

  it('a learner who used no worktrees fails three-worktrees, as with files', async () => {
    const report = await gradeSubmission((built.get('wrong-no-worktrees:reftable') as Built).repo, { git, lab });
    expect(report.criteria.find((criterion) => criterion.id === 'three-worktrees')?.status).toBe('fail');
  });

  it('a git too old for reftable: one line naming the git it needs, exit 2', async () => {
    const old = await testGit();
    const repo = (built.get('valid-lab-as-written:reftable') as Built).repo;
    await expect(gradeSubmission(repo, { git: old, lab })).rejects.toThrow(UserError);
    const run = await wtlab(['grade', repo, '--format', 'json', '--git', old.path]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^wtlab: the repository uses the extension refstorage, which needs git 2\.45 or newer; this git is 2\.\d+\.\d+\. Grade it with a newer git: wtlab grade --git .*\n$/,
    );
  });
});
