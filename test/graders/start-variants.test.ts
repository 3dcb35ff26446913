import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveLabFolder } from '../../src/lab/lab-folder.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import type { Scenario } from '../../src/scenario/types.js';
import { buildRepo } from '../support/build-repo.js';
import { planSharedPrefixes, resumeAt, type SharedPrefix } from '../support/shared-prefixes.js';
import { testGit } from '../support/git.js';
import { COUNTS_FROM_ZERO, startFolders, VARIANT_CODE } from '../support/start-variant-code.js';
import { ROADS, variantRoad, WRONG, type RoadName } from '../support/start-variant-roads.js';
import { lab } from '../../lab/index.js';
import { limitConcurrency } from '../../src/scenario/run-pool.js';

const VARIANTS = Object.keys(VARIANT_CODE);

const reports = new Map<string, Promise<GradeReport>>();
const key = (variant: string, road: RoadName, version: string) => `${variant}/${road}/${version}`;

/**
 * Plays a road on a start with the test git (going on from a copy of the deepest prefix it shares with the start's
 * other roads: shared steps run once per test run, on the dates a whole replay gives them), grades the repo with the
 * same git, removes the sandbox.
 */
async function buildAndGrade(variant: string, road: Scenario, prefix: SharedPrefix | undefined, start: string): Promise<GradeReport> {
  const labFolder = { ...resolveLabFolder(), start };
  const git = await testGit();
  const resume = await resumeAt(prefix, { lab: labFolder });
  const built = await buildRepo(road, { lab: labFolder, ...(resume === undefined ? {} : { resume }) });
  try {
    return await gradeSubmission(built.repo, { git, lab });
  } finally {
    await built.sandbox.remove();
  }
}

beforeAll(() => {
  const limit = limitConcurrency(2);
  for (const variant of VARIANTS) {
    const code = VARIANT_CODE[variant];
    if (code === undefined) throw new Error(`no code for ${variant}`);
    const roads = ROADS.map((road) => ({ road, scenario: variantRoad(variant, code, road) }));
    const prefixes = planSharedPrefixes(roads.map(({ scenario }) => scenario));
    for (const { road, scenario } of roads) {
      const promise = limit(() => buildAndGrade(variant, scenario, prefixes.get(scenario.name), code.start));
      promise.catch(() => undefined);
      reports.set(key(variant, road, 'machine'), promise);
    }
  }
}, 600_000);

afterAll(() => Promise.allSettled([...reports.values()]));

function problems(report: GradeReport): string {
  return report.criteria
    .flatMap((criterion) =>
      criterion.checks
        .filter((check) => check.status !== 'pass')
        .map((check) => `${criterion.id}/${check.id} ${check.status}: ${check.message}\n${check.evidence ?? ''}`),
    )
    .join('\n');
}

describe('the start snapshots', () => {
  it("every folder in fixtures/starts has its agents' code in the tests, and there are at least 6 besides our lab", () => {
    expect(startFolders().filter((name) => !VARIANTS.includes(name))).toEqual([]);
    expect(startFolders().length).toBeGreaterThanOrEqual(6);
  });
});

describe.each(VARIANTS)('the %s start', (variant) => {
  // On older gits the starts in ON_EVERY_GIT are played and graded by test/scenario/start-variants.test.ts, with these checks.
  it('the lab done right grades 100/100 at stage cleaned (machine git)', async () => {
    const report = await reports.get(key(variant, 'golden', 'machine'));
    if (report === undefined) throw new Error('not built');
    expect(report.score, problems(report)).toBe(100);
    expect(report).toMatchObject({ maxScore: 100, stage: 'cleaned', nextStep: 'Nothing left: the lab is complete.' });
    // The index base is read from the start's own behaviour.
    const base = COUNTS_FROM_ZERO.includes(variant) ? 0 : 1;
    expect(report.criteria.find((criterion) => criterion.id === 'merged')?.checks.find((check) => check.id === 'old-commands-work')?.message).toContain(
      `counts tasks from ${base}`,
    );
  });

  it.each(Object.entries(WRONG).map(([road, wrong]) => [road, wrong.check, wrong] as const))(
    '%s fails merged/%s only, naming the command',
    async (road, _check, wrong) => {
      const report = await reports.get(key(variant, road as RoadName, 'machine'));
      if (report === undefined) throw new Error('not built');
      const why = problems(report);
      expect(
        report.criteria.map((criterion) => `${criterion.id}:${criterion.status}`),
        why,
      ).toEqual(['three-worktrees:pass', 'parallel-agents:pass', 'merged:fail', 'cleaned-up:pass', 'concepts:pass']);
      const failing = report.criteria.find((criterion) => criterion.id === 'merged')?.checks.filter((check) => check.status === 'fail') ?? [];
      expect(failing[0]?.id, why).toBe(wrong.check);
      expect(failing[0]?.message, why).toMatch(new RegExp(`\\b${wrong.command}\\b`));
      // Cleaned up with the quiz done, the lab is still not called complete while a check fails.
      if (road === 'side-lost') expect(report.nextStep).toContain('git apply --3way');
      else expect(report.nextStep).toBe(`Not complete yet: merged/${wrong.check} did not pass. ${failing[0]?.hint ?? ''}`.trim());
      if (wrong.check === 'old-commands-work') expect(failing[0]?.evidence, why).toMatch(/start [0-9a-f]{7}: .*\n {2}main: /);
    },
  );
});
