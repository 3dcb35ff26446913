import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PASS } from '../learners/variants/support/define-learner-variant.js';
import { A, agentsAtOnce, B, commitWork, labRoad, REPO, SIBLINGS, tryApp, worktreesByScript } from '../learners/variants/support/segments.js';
import { dirname } from 'node:path';
import { git, run, write } from '../../src/scenario/steps.js';
import type { Step } from '../../src/scenario/types.js';
import type { BuiltRepo } from '../support/build-repo.js';
import { checkOf, grade, verdictsOf } from '../support/grade-road.js';
import { buildOnShared } from '../support/shared-repos.js';

const built: BuiltRepo[] = [];
afterAll(() => Promise.all(built.map((repo) => repo.sandbox.remove())));

/** A road that starts with the start snapshot committed, played on from a copy of the run's shared start. */
async function buildOnStart(name: string, steps: readonly Step[]): Promise<BuiltRepo> {
  const repo = await buildOnShared('start', { name, summary: name, steps });
  built.push(repo);
  return repo;
}

/** Writes a file, making its folder first. */
function writeNew(label: string, file: string, content: string): Step[] {
  return [run(`make the folder of ${file}`, ['mkdir', '-p', dirname(file)]), write(label, file, content)];
}

/** An earlier module's commit of runtime state, then a commit that stops tracking it (it is in .gitignore). */
function earlierModuleCommitted(path: string, content: string): Step[] {
  return [
    ...writeNew(`an earlier module leaves ${path}`, `${REPO}/${path}`, content),
    git(`the earlier module commits ${path} by force`, REPO, ['add', '-f', path]),
    git('the earlier module commits', REPO, ['commit', '-m', 'Module 5: add the done command']),
    git(`stop tracking ${path}`, REPO, ['rm', '-r', '-q', '--cached', path]),
    git('commit the untracking', REPO, ['commit', '-m', `Stop tracking ${path}`]),
  ];
}

let pycacheBefore: string;
let tasksBefore: string;
let pycacheInLab: string;

beforeAll(async () => {
  pycacheBefore = (
    await buildOnStart(
      'pycache-before-the-lab',
      labRoad({ setup: [...earlierModuleCommitted('__pycache__/tasks.cpython-312.pyc', 'bytecode\n'), ...worktreesByScript()] }),
    )
  ).repo;
  tasksBefore = (await buildOnStart('tasks-json-before-the-lab', labRoad({ setup: [...earlierModuleCommitted('tasks.json', '[]\n'), ...worktreesByScript()] })))
    .repo;
  // The same earlier history, and then the lab's own wipe commit brings a bytecode file in.
  pycacheInLab = (
    await buildOnStart(
      'pycache-in-the-lab',
      labRoad({
        setup: [...earlierModuleCommitted('__pycache__/tasks.cpython-312.pyc', 'bytecode\n'), ...worktreesByScript()],
        work: [
          tryApp(SIBLINGS.wipe),
          tryApp(SIBLINGS.remaining),
          agentsAtOnce(),
          ...writeNew('worktree A gets a bytecode file', `${SIBLINGS.wipe}/__pycache__/cli.cpython-312.pyc`, 'bytecode\n'),
          git('worktree A force-adds it', SIBLINGS.wipe, ['add', '-f', '__pycache__/cli.cpython-312.pyc']),
          commitWork(A),
          commitWork(B),
        ],
      }),
    )
  ).repo;
});

describe("parallel-agents/no-runtime-state judges the lab's own work only", () => {
  it.each([
    ['__pycache__/', () => pycacheBefore],
    ['tasks.json', () => tasksBefore],
  ])('%s committed and untracked by an earlier module: the finished lab passes everything', async (_label, repo) => {
    const report = await grade(repo());
    expect(verdictsOf(report)).toEqual(ALL_PASS);
    expect(report.score).toBe(100);
    expect(checkOf(report, 'parallel-agents/no-runtime-state')).toMatchObject({
      status: 'pass',
      evidence: expect.stringMatching(/since the learner's start [0-9a-f]{7}; \d+ earlier commit\(s\) are from before the lab/),
    });
  });

  it("a bytecode file committed in the lab still fails, naming the lab's commit, not the earlier one", async () => {
    const report = await grade(pycacheInLab);
    expect(checkOf(report, 'parallel-agents/no-runtime-state')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('("Add wipe command") holds __pycache__/cli.cpython-312.pyc'),
      location: { file: '__pycache__/cli.cpython-312.pyc' },
    });
  });
});
