import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import labScenario from '../../scenarios/lab.js';
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
    '%s: replayed to the end with no failed step',
    async (_name, files) => {
      const copy = copyLab();
      copies.push(copy);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(copy.lab, 'start', name), text);
      const { result } = await limit(async () => runScenario(labScenario, { git: await testGit(), lab: resolveLabFolder(copy.lab) }));
      const failed = result.steps.filter((step) => step.status === 'fail').map((step) => `${step.id ?? step.name}: ${step.failures.join('; ')}`);
      expect(failed).toEqual([]);
      expect(result.steps.at(-1)).toMatchObject({ id: 'quiz-right', status: 'pass' });
      expect(result.steps.find((step) => step.id === 'main-old-commands')).toMatchObject({ status: 'pass' });
    },
    300_000,
  );
});
