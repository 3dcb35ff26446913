import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runApp, runAppScript, sameAsStart } from '../../scenarios/support/app-behaviour.js';
import { resolvePython } from '../../src/process/resolve-python.js';
import { runProcess } from '../../src/process/run-process.js';
import { defaultLabDir } from '../../src/lab/lab-folder.js';
import type { StepContext } from '../../src/scenario/types.js';
import { testGit, testLab } from '../support/git.js';
import { SELF_EDITING_PLAN, asPythonPrintsIt, runOneByOne, writeSelfEditingApp, type AppRun } from '../support/self-editing-app.js';

const work = mkdtempSync(join(tmpdir(), 'wtlab-app-behaviour-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What the app checks use of a step's context: the work area and paths in it. */
async function contextIn(folder: string): Promise<StepContext> {
  return {
    work: folder,
    lab: testLab(),
    git: await testGit(),
    path: (relative) => resolve(folder, relative),
    runGit: () => Promise.reject(new Error('no git here')),
    result: () => undefined,
  };
}

/** A copy of our start in the work area, under `name`, with `cli` as its cli.py when given. */
function startCopy(name: string, cli?: (text: string) => string): string {
  cpSync(join(defaultLabDir(), 'start'), join(work, name), { recursive: true });
  if (cli !== undefined) writeFileSync(join(work, name, 'cli.py'), cli(readFileSync(join(work, name, 'cli.py'), 'utf8')));
  return name;
}

/** The environment runAppScript gives the app (its HOME: the work area). */
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' };

const SCRIPT = [['list'], ['add', 'write report'], ['add', 'review diff'], ['done', '1'], ['list'], ['count'], ['nonsense'], []];

describe('runAppScript', () => {
  it('gives each command what python3 cli.py ARGS run one by one gives: output, exit code, and the files left for the next', async () => {
    const context = await contextIn(work);
    const scripted = await runAppScript(context, startCopy('scripted'), SCRIPT);
    const oneByOne: { exitCode: number; stdout: string; stderr: string }[] = [];
    const single = startCopy('one-by-one');
    // The reference: python3 cli.py ARGS as its own process each time, in the same environment.
    for (const args of SCRIPT)
      oneByOne.push(await runProcess([await resolvePython(ENV.PATH), 'cli.py', ...args], { cwd: join(work, single), env: { ...ENV, HOME: work } }));
    const shape = (run: { exitCode: number; stdout: string; stderr: string }) => [run.exitCode, run.stdout, run.stderr];
    expect(scripted.map(shape)).toEqual(oneByOne.map(shape));
    // runApp is one command of it: on a fresh start, what the first command printed.
    expect([shape(await runApp(context, startCopy('single'), ['list']))]).toEqual(oneByOne.slice(0, 1).map(shape));
    expect(scripted[4]?.stdout).toContain('review diff');
    expect(scripted.some((run) => run.exitCode !== 0)).toBe(true);
    expect(readFileSync(join(work, 'scripted', 'tasks.json'), 'utf8')).toBe(readFileSync(join(work, 'one-by-one', 'tasks.json'), 'utf8'));
  });

  it('reports a crash as python3 does (exit 1, the traceback on stderr), then goes on with the next command', async () => {
    const context = await contextIn(work);
    const folder = startCopy('crashing', (text) => `import sys\nif sys.argv[1:] == ['count']:\n    raise RuntimeError('boom')\n${text}`);
    const [crashed, after] = await runAppScript(context, folder, [['count'], ['list']]);
    expect(crashed).toMatchObject({ exitCode: 1, timedOut: false });
    expect(crashed?.stderr).toMatch(/^Traceback[^]*RuntimeError: boom\n$/);
    expect(after?.exitCode).toBe(0);
  });
  it('gives a self-editing app what python3 cli.py ARGS gives: edits seen, SyntaxErrors and warnings printed alike', async () => {
    const context = await contextIn(work);
    writeSelfEditingApp(join(work, 'self-editing'));
    writeSelfEditingApp(join(work, 'self-editing-reference'));
    const reference = join(work, 'self-editing-reference');
    const [scripted, expected] = await Promise.all([runAppScript(context, 'self-editing', SELF_EDITING_PLAN), runOneByOne(reference, SELF_EDITING_PLAN)]);
    const shape = (run: AppRun, folder: string) => [run.exitCode, run.stdout, asPythonPrintsIt(run.stderr, folder, reference)];
    expect(scripted.map((run) => shape(run, join(work, 'self-editing')))).toEqual(expected.map((run) => shape(run, reference)));
    const outputs = scripted.map((run) => run.stdout.trim());
    expect([outputs[3], outputs[8], outputs[11], outputs[13], outputs[15]]).toEqual(['after!', 'before', 'warned', "['b']", "['c']"]);
    expect([scripted[6]?.stderr, scripted[19]?.stderr]).toEqual([expect.stringMatching(/tasks\.py", line 1\n/), expect.stringMatching(/cli\.py", line 1\n/)]);
    expect(scripted[11]?.stderr).toMatch(/tasks\.py:1: SyntaxWarning: "is" with a literal/);
  });

  it("compiles the app's files in the runner before each fork: no command compiles tasks.py itself, edited or not", async () => {
    const context = await contextIn(work);
    const folder = join(work, 'compiled-ahead');
    mkdirSync(folder);
    // An audit hook sees every compile() in the command's process; tasks.py is imported after it is set.
    const cli = `import sys
seen = []
sys.addaudithook(lambda event, args: seen.append(args[1]) if event == "compile" else None)
if sys.argv[1:] == ["edit"]:
    open("tasks.py", "w").write("VALUE = 2\\n")
import tasks
print(tasks.VALUE, [name for name in seen if isinstance(name, str) and name.endswith(".py")])
`;
    writeFileSync(join(folder, 'cli.py'), cli);
    writeFileSync(join(folder, 'tasks.py'), 'VALUE = 1\n');
    const runs = await runAppScript(context, 'compiled-ahead', [['show'], ['edit'], ['show']]);
    // Only `edit` compiles tasks.py: it rewrote the file after the runner had compiled the old one; the next command's is ready.
    expect(runs.map((run) => [run.exitCode, run.stdout, run.stderr])).toEqual([
      [0, '1 []\n', ''],
      [0, `2 ['${folder}/tasks.py']\n`, ''],
      [0, '2 []\n', ''],
    ]);
  });
});

describe('sameAsStart', () => {
  it('passes an app that behaves as the start, and fails each command whose output or exit code changed, showing both', async () => {
    const context = await contextIn(work);
    // Each check on a fresh copy of the start, as the lab's check has: the script leaves its tasks behind.
    const check = async (folder: string) =>
      (await sameAsStart('the old commands', SCRIPT, { start: startCopy(`start-for-${folder}`), folder }).assert(context)) as readonly string[];
    expect(await check(startCopy('same'))).toEqual([]);
    const changed = startCopy('changed', (text) => `import sys\nif sys.argv[1:] == ['count']:\n    print('many'); sys.exit(3)\n${text}`);
    const failures = await check(changed);
    expect(failures, failures.join('\n---\n')).toHaveLength(1);
    expect(failures[0]).toMatch(/^`python3 cli\.py count` changed since the start:\n {2}start: exit 0, stdout "[^]*\n {2}changed: exit 3, stdout "many\\n"/);
  });

  it('lets a command the start does not know stay unknown while the usage text names new commands, and fails one it now runs', async () => {
    const context = await contextIn(work);
    const check = async (folder: string) =>
      (await sameAsStart('the old commands', SCRIPT, { start: startCopy(`start-for-${folder}`), folder }).assert(context)) as readonly string[];
    const grown = (text: string) => text.replace('done <index>', 'done <index> | wipe');
    // Only the run without a command (compared in full) sees the longer usage; `nonsense` is unknown before and after.
    const usageGrew = await check(startCopy('usage-grew', grown));
    expect(usageGrew.map((failure) => failure.split(' changed')[0])).toEqual(['`python3 cli.py `']);
    const knows = await check(
      startCopy('knows-nonsense', (text) => `import sys\nif sys.argv[1:] == ['nonsense']:\n    print('ok'); sys.exit(2)\n${grown(text)}`),
    );
    expect(knows.map((failure) => failure.split(' changed')[0])).toEqual(['`python3 cli.py nonsense`', '`python3 cli.py `']);
  });
});
