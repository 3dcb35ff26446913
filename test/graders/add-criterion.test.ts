import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { criteria, criterionIds } from '../../graders/index.js';
import { lab } from '../../lab/index.js';
import { defineCriterion, fail, pass } from '../../src/grade/define-criterion.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { defineLab } from '../../src/lab/define-lab.js';
import { packageRoot } from '../../src/paths/package-root.js';
import { gradeReporters } from '../../src/report/grade/index.js';
import { testGit } from '../support/git.js';
import { sharedRepo } from '../support/shared-repos.js';

// A criterion nobody wrote a grader file for: one check that passes on every repo, one that fails on every repo.
const throwaway = defineCriterion({
  id: 'throwaway-criterion',
  title: 'A criterion added by a test',
  points: 10,
  checks: [
    { id: 'always-there', title: 'the repository exists', run: (evidence) => pass({ message: `The repository is on ${evidence.mainBranch ?? 'no branch'}.` }) },
    { id: 'never-there', title: 'an impossible thing', run: () => fail({ message: 'The impossible thing is missing.', hint: 'Run: true', file: 'cli.py' }) },
  ],
});

const extended = defineLab({ ...lab, criteria: [...lab.criteria, throwaway] });

let report: GradeReport;

beforeAll(async () => {
  report = await gradeSubmission((await sharedRepo('golden')).repo, { git: await testGit(), lab: extended });
});

describe('a new criterion is one definition and one entry in the lab', () => {
  it('is graded end to end after the lab’s own, and counts in the maximum score', () => {
    expect(report.criteria.map((criterion) => criterion.id)).toEqual([...criterionIds, 'throwaway-criterion']);
    const added = report.criteria.at(-1);
    expect(added).toMatchObject({ status: 'fail', points: 0, maxPoints: 10 });
    expect(added?.checks.map((check) => `${check.id}:${check.status}`)).toEqual(['always-there:pass', 'never-there:fail']);
    expect(report.maxScore).toBe(criteria.reduce((sum, criterion) => sum + criterion.points, 0) + 10);
    expect(report.score).toBe(report.maxScore - 10);
  });

  it('appears in the json, junit, classroom and gradescope reports', () => {
    const json = JSON.parse(gradeReporters.json.render([report])) as GradeReport;
    expect(json.criteria.at(-1)?.id).toBe('throwaway-criterion');
    expect(json.maxScore).toBe(report.maxScore);
    const junit = gradeReporters.junit.render([report]);
    expect(junit).toMatch(/<testsuite name="throwaway-criterion[^"]*"/);
    expect(junit).toMatch(/<testcase[^>]*classname="throwaway-criterion"[^>]*name="[^"]*never-there/);
    expect(junit).toContain('The impossible thing is missing.');
    const classroom = JSON.parse(Buffer.from(gradeReporters.classroom.render([report]).trim(), 'base64').toString('utf8')) as {
      max_score: number;
      tests: { name: string; score: number }[];
    };
    expect(classroom.tests.map((test) => test.name).some((name) => name.includes('throwaway-criterion') || name.includes('A criterion added by a test'))).toBe(
      true,
    );
    expect(classroom.max_score).toBe(report.maxScore);
    const gradescope = JSON.parse(gradeReporters.gradescope.render([report])) as { tests: { name: string; max_score: number }[] };
    expect(gradescope.tests.find((test) => test.name.includes('A criterion added by a test'))?.max_score).toBe(10);
  });
});

/** Every TypeScript file of ours (engine, lab content, scripts, tests), relative to the package root. */
function sourceFiles(): string[] {
  const root = packageRoot();
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) found.push(relative(root, path));
    }
  };
  for (const top of ['src', 'graders', 'scenarios', 'lab', 'scripts', 'test']) walk(join(root, top));
  return found.sort();
}

describe('the list of criteria is written once', () => {
  // A sample report for the reporters' snapshot tests: reporters take whatever criteria a report has.
  const SAMPLE_REPORTS = 'test/report/grade/report-fixtures.ts';

  it('no file but graders/index.ts names every criterion: adding one changes one file besides its own', () => {
    const naming = sourceFiles().filter((file) => {
      const text = readFileSync(join(packageRoot(), file), 'utf8');
      return criterionIds.every((id) => text.includes(`'${id}'`) || text.includes(`"${id}"`) || text.includes(`./${id}.js`));
    });
    expect(naming).toEqual(['graders/index.ts', SAMPLE_REPORTS]);
  });
});
