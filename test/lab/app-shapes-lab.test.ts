import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import labScenario from '../../scenarios/lab.js';
import { lab } from '../../lab/index.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import { resolveLabFolder } from '../../src/lab/lab-folder.js';
import { limitConcurrency } from '../../src/scenario/run-pool.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { APP_SHAPES } from '../support/app-shapes.js';
import { testGit } from '../support/git.js';
import { copyLab, type LabCopy } from '../support/lab-copy.js';

const copies: LabCopy[] = [];
afterAll(() => {
  for (const copy of copies.splice(0)) copy.remove();
});

/** At most two runs at once: the machine has two cores and each run starts many git and python processes. */
const limit = limitConcurrency(2);

describe.concurrent('the lab scenario on a course-shaped lab whose app has a common shape the red-team pass found', () => {
  it.each(APP_SHAPES)(
    '%s: replayed to the end with no failed step, and the repository it leaves grades 100/100',
    async (_name, files) => {
      const copy = copyLab();
      copies.push(copy);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(copy.lab, 'start', name), text);
      const git = await testGit();
      const { result, sandbox } = await limit(async () => runScenario(labScenario, { git, lab: resolveLabFolder(copy.lab), keep: true }));
      try {
        const failed = result.steps.filter((step) => step.status === 'fail').map((step) => `${step.id ?? step.name}: ${step.failures.join('; ')}`);
        expect(failed).toEqual([]);
        expect(result.steps.at(-1)).toMatchObject({ id: 'quiz-right', status: 'pass' });
        expect(result.steps.find((step) => step.id === 'main-old-commands')).toMatchObject({ status: 'pass' });
        // The repository the replay leaves grades full marks, as wtlab grade reads the same app.
        const report = await gradeSubmission(join(sandbox?.work ?? '', lab.repo), { git, lab });
        const lost = report.criteria.flatMap((criterion) =>
          criterion.checks.filter((check) => check.status !== 'pass').map((check) => `${criterion.id}/${check.id}: ${check.message}`),
        );
        expect(lost).toEqual([]);
        expect([report.score, report.maxScore]).toEqual([100, 100]);
      } finally {
        await sandbox?.remove();
      }
    },
    300_000,
  );
});
