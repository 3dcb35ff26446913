import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scenarios } from '../../scenarios/index.js';
import labScenario from '../../scenarios/lab.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GitBinary } from '../../src/git/git-binary.js';
import { gitBinaryOf } from '../../src/git-versions/git-binary-of.js';
import { listInstalled } from '../../src/git-versions/list-installed.js';
import { resolveLabFolder } from '../../src/lab/lab-folder.js';
import { fixturesDir } from '../../src/paths/package-root.js';
import { runMatrix } from '../../src/scenario/run-matrix.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import type { Scenario, ScenarioResult } from '../../src/scenario/types.js';
import { copyLab, DISCARDING_CLEANUP, type LabCopy } from '../support/lab-copy.js';
import { testGit } from '../support/git.js';
import { lab } from '../../lab/index.js';
import { limitConcurrency } from '../../src/scenario/run-pool.js';
import { COUNTS_FROM_ZERO, ON_EVERY_GIT } from '../support/start-variant-code.js';

/** Our start-snapshot variants (fixtures/starts/<name>/), each a tasks-app of the module's shape that differs where carried-forward apps differ. */
const STARTS = join(fixturesDir(), 'starts');
const VARIANTS = readdirSync(STARTS)
  .filter((name) => existsSync(join(STARTS, name, 'cli.py')))
  .sort();
const ignoresState = (name: string) =>
  existsSync(join(STARTS, name, '.gitignore')) && /^tasks\.json$/m.test(readFileSync(join(STARTS, name, '.gitignore'), 'utf8'));

/** Scenarios that read the labScenario folder (its start snapshot or scripts); `agents` and `concepts` build repositories of their own. */
const readsLab = (scenario: Scenario) =>
  scenario.steps.some((step) => step.kind === 'copy' || (step.kind === 'run' && step.command.some((part) => part.startsWith('{lab}'))));
const LAB_SCENARIOS = scenarios.filter((scenario) => readsLab(scenario) && scenario.name !== labScenario.name);

const copies: LabCopy[] = [];
afterAll(() => {
  for (const copy of copies.splice(0)) copy.remove();
});

/** A variant laid out as a course lab: start/ is the variant, our scripts and prompts beside it, our module text as ../README.md; a start without an ignore rule comes with a cleanup script that discards work silently, as the course's does. */
function courseLab(name: string) {
  const copy = copyLab({
    start: join(STARTS, name),
    readme: readFileSync(join(fixturesDir(), 'README.md'), 'utf8'),
    files: ignoresState(name) ? {} : { 'cleanup-worktrees.sh': DISCARDING_CLEANUP },
  });
  copies.push(copy);
  return resolveLabFolder(copy.lab);
}

/** At most two runs at once: the machine has two cores and each run starts many git and python processes. */
const limit = limitConcurrency(2);

function failedSteps(results: readonly ScenarioResult[]): string[] {
  return results.flatMap((result) =>
    result.steps
      .filter((step) => step.status === 'fail')
      .map((step) => `${result.scenario} (git ${result.git.version}) ${step.id ?? step.name}: ${step.failures.join('; ')}`),
  );
}

function claims(results: readonly ScenarioResult[], scenario: string): string[] {
  return results
    .filter((result) => result.scenario === scenario)
    .flatMap((result) =>
      result.steps.flatMap((step) => step.drift.filter((finding) => finding.kind === 'claim').map((finding) => `${step.id}: ${finding.actual}`)),
    );
}

/** Every cached git (wtlab git list), or the test git when nothing is cached. */
async function cachedGits(): Promise<GitBinary[]> {
  const installed = (await listInstalled()).map(gitBinaryOf);
  return installed.length > 0 ? installed : [await testGit()];
}

describe('the start-snapshot variants', () => {
  it('are there: at least six, with and without an ignore rule for tasks.json', () => {
    expect(VARIANTS.length).toBeGreaterThanOrEqual(6);
    expect(VARIANTS.filter((name) => !ignoresState(name)).length).toBeGreaterThan(0);
    expect(LAB_SCENARIOS.map((scenario) => scenario.name)).toEqual(expect.arrayContaining(['claims', 'conflict-at-merge', 'remove-dirty-refused']));
  });
});

describe.concurrent.each(VARIANTS)('start variant %s laid out as a course lab', (name) => {
  it("every scenario that reads the labScenario passes: no failure of wtlab's own, the lab's problems as claims", async () => {
    const folder = courseLab(name);
    const matrix = await limit(async () => runMatrix({ scenarios: LAB_SCENARIOS, gits: [await testGit()], lab: folder, jobs: 1, compareModuleText: false }));
    expect(failedSteps(matrix.results)).toEqual([]);
    const found = claims(matrix.results, 'claims');
    if (ignoresState(name)) {
      expect(found.filter((claim) => claim.startsWith('cleanup-keeps-work'))).toEqual([]);
    } else {
      expect(found).toContainEqual(expect.stringMatching(/^state-claim: git check-ignore says tasks\.json in tasks-app-wipe is not ignored/));
      expect(found).toContainEqual(
        expect.stringMatching(
          /^cleanup-keeps-work: it threw away the uncommitted edit in tasks-app-wipe without a word .*: cleanup-worktrees\.sh line \d+: git -C "\$main" worktree remove --force/,
        ),
      );
    }
  }, 1_200_000);
});

const PAIRS = await (async () => {
  const gits = await cachedGits();
  const test = await testGit();
  return VARIANTS.flatMap((name) =>
    gits.filter((git) => ON_EVERY_GIT.includes(name) || git.version === test.version || gits.length === 1).map((git) => [name, git.version, git] as const),
  );
})();

describe('the starts replayed on every cached git', () => {
  it('are starts we have, one without an ignore rule for tasks.json', () => {
    expect(VARIANTS).toEqual(expect.arrayContaining([...ON_EVERY_GIT]));
    expect(ON_EVERY_GIT.filter((name) => !ignoresState(name))).not.toEqual([]);
  });
});

describe.concurrent('the labScenario scenario on every variant (test git), and on every cached git (ON_EVERY_GIT)', () => {
  it.each(PAIRS)(
    '%s on git %s: replayed to the end, and the finished repo grades 100/100 at stage cleaned, the index base read from the start',
    async (name, _version, git) => {
      const folder = courseLab(name);
      const { result, sandbox } = await limit(() => runScenario(labScenario, { git, lab: folder, keep: true }));
      try {
        expect(failedSteps([result])).toEqual([]);
        expect(result.steps.at(-1)).toMatchObject({ id: 'quiz-right', status: 'pass' });
        expect(claims([result], 'lab').some((claim) => claim.startsWith('own-tasks-json: the start snapshot does not ignore tasks.json'))).toBe(
          !ignoresState(name),
        );
        const report = await gradeSubmission(join(sandbox?.work ?? '', lab.repo), { git, lab });
        const lost = report.criteria.flatMap((criterion) =>
          criterion.checks.filter((check) => check.status !== 'pass').map((check) => `${criterion.id}/${check.id} ${check.status}: ${check.message}`),
        );
        expect(lost).toEqual([]);
        expect([report.score, report.maxScore]).toEqual([100, 100]);
        expect(report).toMatchObject({ stage: 'cleaned', nextStep: 'Nothing left: the lab is complete.' });
        const oldCommands = report.criteria.find((criterion) => criterion.id === 'merged')?.checks.find((check) => check.id === 'old-commands-work');
        expect(oldCommands?.message).toContain(`counts tasks from ${COUNTS_FROM_ZERO.includes(name) ? 0 : 1}`);
      } finally {
        await sandbox?.remove();
      }
    },
    1_200_000,
  );
});
