import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerQuiz } from '../learners/variants/support/segments.js';
import { labTo, labUntil } from '../support/lab-variants.js';
import { edit } from '../../src/scenario/steps.js';
import type { BuiltRepo } from '../support/build-repo.js';
import { checkOf, grade } from '../support/grade-road.js';
import { buildOnShared, sharedRepo } from '../support/shared-repos.js';
import { everyVerdict } from '../learners/variants/support/define-learner-variant.js';
import { REPO } from '../../scenarios/support/names.js';

let untouched: string;
let quizOnly: BuiltRepo;
let dirtyMidLab: BuiltRepo;

beforeAll(async () => {
  // The run's shared start (graded only, never changed), and the shared worktrees milestone copied and played on.
  untouched = (await sharedRepo('start')).repo;
  quizOnly = await buildOnShared('demoDone', {
    name: 'quiz-but-no-lab-work',
    summary: 'The bottleneck demo, then the quiz answered.',
    steps: [...labUntil('bottleneck-drop-branches'), ...answerQuiz()],
  });
  dirtyMidLab = await buildOnShared('worktrees', {
    name: 'worktrees-with-uncommitted-work',
    summary: 'The lab up to both worktrees, then an edit in worktree A not committed.',
    steps: [
      ...labTo('worktrees').steps,
      edit('worktree A has an edit not committed', 'tasks-app-wipe/cli.py', [{ find: 'import', replace: '# not committed yet\nimport' }]),
    ],
  });
});
afterAll(() => Promise.all([dirtyMidLab, quizOnly].map((built) => built?.sandbox.remove())));

describe("cleaned-up passes only on positive evidence of the lab's work", () => {
  it('a repository with no lab work fails it and scores 0, the next step being the worktrees', async () => {
    const report = await grade(untouched);
    expect(report.criteria.find((criterion) => criterion.id === 'cleaned-up')?.status).toBe('fail');
    expect(checkOf(report, 'cleaned-up/only-main-worktree')).toMatchObject({
      status: 'fail',
      hint: expect.stringContaining('git worktree add ../tasks-app-wipe -b feature/wipe'),
    });
    for (const id of ['no-stale-records', 'no-stray-siblings', 'nothing-lost']) expect(checkOf(report, `cleaned-up/${id}`)?.status).toBe('skip');
    expect(report.score).toBe(0);
    expect(report.stage).toBe('start');
  });

  it("the bottleneck demo and the quiz, no worktree: only the quiz's points", async () => {
    const report = await grade(quizOnly.repo);
    expect(Object.fromEntries(report.criteria.map((criterion) => [criterion.id, criterion.status]))).toEqual({ ...everyVerdict('fail'), concepts: 'pass' });
    expect(report.score).toBe(20);
    expect(report.stage).toBe('start');
  });
});

describe('cleaned-up/nothing-lost when the worktree folders cannot be seen', () => {
  it('the live folder shows the uncommitted edit: nothing-lost fails', async () => {
    expect(checkOf(await grade(dirtyMidLab.repo), 'cleaned-up/nothing-lost')?.status).toBe('fail');
  });

  it('an archive of the main folder alone: nothing-lost skips (as no-stray-siblings does), it does not pass', async () => {
    const archive = join(dirtyMidLab.sandbox.base, 'main-folder-only.tar.gz');
    execFileSync('tar', ['-czf', archive, '-C', dirtyMidLab.work, REPO]);
    const report = await grade(archive);
    expect(checkOf(report, 'cleaned-up/nothing-lost')).toMatchObject({
      status: 'skip',
      message: expect.stringMatching(/tasks-app-(remaining|wipe).* not in this submission/),
      hint: expect.stringContaining('wtlab grade ~/'),
    });
    expect(checkOf(report, 'cleaned-up/no-stray-siblings')?.status).toBe('skip');
  });
});
