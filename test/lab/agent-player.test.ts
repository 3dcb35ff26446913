import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { agentPlayer, APP_SHAPE_EXIT, type AgentName } from '../../src/lab/agent-plan.js';
import { checkAppShape } from '../../src/lab/check-app-shape.js';
import { defaultLabDir, resolveLabFolder } from '../../src/lab/lab-folder.js';
import { fixturesDir } from '../../src/paths/package-root.js';
import { runProcess } from '../../src/process/run-process.js';
import { resolvePython } from '../../src/process/resolve-python.js';
import { APP_SHAPES, MATCH_SEQUENCE_CLI, SUBPARSERS_CLI } from '../support/app-shapes.js';
import { runAppCommands, type AppCommandsRequest } from '../../src/scenario/app-commands.js';

const STARTS = join(fixturesDir(), 'starts');
const APPS: readonly (readonly [string, string])[] = [
  ['our lab', join(defaultLabDir(), 'start')],
  ...readdirSync(STARTS)
    .filter((name) => existsSync(join(STARTS, name, 'cli.py')))
    .map((name) => [name, join(STARTS, name)] as const),
];

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function copyOf(app: string, files: Readonly<Record<string, string>> = {}): string {
  const folder = mkdtempSync(join(tmpdir(), 'wtlab-agent-'));
  folders.push(folder);
  cpSync(app, folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1' };

/**
 * python3 without the site module (`-S`) for the player: it uses the standard library only, and an interpreter's site
 * hooks (a `.pth` file that imports a package at every start) would otherwise cost each of this file's ~70 player runs
 * more than the run itself (42 ms against 8 ms per start on our CI machine).
 */
async function python(): Promise<string[]> {
  return [await resolvePython(env.PATH), '-S'];
}

async function play(folder: string, command: AgentName, extra: readonly string[] = []) {
  return runProcess([...(await python()), agentPlayer(), command, folder, '--pause', '0', ...extra], { cwd: folder, env });
}

/** One agent run: the command and its extra arguments. */
type Play = readonly [AgentName, ...string[]];

/** Agent runs on a fresh copy of an app: each run's outcome, in order, and the folder they left. */
interface Played {
  readonly runs: readonly Awaited<ReturnType<typeof play>>[];
  readonly folder: string;
}

const playedBefore = new Map<string, Promise<Played>>();

/** The runs of playedOn, made once per file: the folder they left is never changed afterwards (each prefix is kept too). */
function playedOnce(app: string, files: Readonly<Record<string, string>>, plays: readonly Play[]): Promise<Played> {
  const key = JSON.stringify([app, Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)), plays]);
  let played = playedBefore.get(key);
  if (played === undefined) {
    played = (async () => {
      const last = plays.at(-1);
      if (last === undefined) return { runs: [], folder: copyOf(app, files) };
      const before = await playedOnce(app, files, plays.slice(0, -1));
      const folder = copyOf(before.folder);
      const [command, ...extra] = last;
      return { runs: [...before.runs, await play(folder, command, extra)], folder };
    })();
    playedBefore.set(key, played);
  }
  return played;
}

/**
 * Plays each agent run in order on a fresh copy of an app with `files` written over it, and returns the runs and a copy
 * of the folder they left, the test's own. Tests that play the same runs on the same app (or begin with the same runs:
 * `wipe` before `remaining` with and without `--bug`) share one player run each: the player's runs are what this file
 * spends its time on.
 */
async function playedOn(app: string, files: Readonly<Record<string, string>>, plays: readonly Play[]): Promise<Played> {
  const { runs, folder } = await playedOnce(app, files, plays);
  return { runs, folder: copyOf(folder) };
}

/**
 * Runs `python3 cli.py ARGS` for each command in a folder, in order (runAppCommands: a fresh fork of a kept Python per
 * command, its files left for the next), checks that each exited 0, and returns what each printed, trimmed. The app's
 * behaviour is what these tests check, not its process start: no interpreter start per command.
 */
async function say(folder: string, commands: readonly (readonly string[])[]): Promise<string[]> {
  return (await sayIn([{ folder, commands }]))[0] ?? [];
}

/** say() in several folders at once (a request of runAppCommands each): per folder, what each command printed. */
async function sayIn(scripts: readonly Pick<AppCommandsRequest, 'folder' | 'commands'>[]): Promise<string[][]> {
  const ran = await Promise.all(scripts.map((script) => runAppCommands({ ...script, env })));
  return ran.map((runs, at) => {
    const commands = scripts[at]?.commands ?? [];
    for (const [index, run] of runs.entries()) expect(run.exitCode, `${(commands[index] ?? []).join(' ')}: ${run.stderr}`).toBe(0);
    return runs.map((run) => run.stdout.trim());
  });
}

/** Two tasks, the one `done 1` names marked done: one pending whether the app counts from 0 or from 1. */
const TWO_TASKS_ONE_DONE = [
  ['add', 'first'],
  ['add', 'second'],
  ['done', '1'],
] as const;

describe('play-agent.py on every start snapshot', () => {
  it.each(APPS)('%s: both agents add a working command, and the old ones stay as they were', async (_name, app) => {
    const before = { cli: readFileSync(join(app, 'cli.py'), 'utf8'), tasks: readFileSync(join(app, 'tasks.py'), 'utf8') };
    const {
      runs: [wipe, remainingRun],
      folder,
    } = await playedOn(app, {}, [['wipe'], ['remaining']]);
    expect(wipe?.exitCode).toBe(0);
    expect(remainingRun?.exitCode).toBe(0);
    const after = { cli: readFileSync(join(folder, 'cli.py'), 'utf8'), tasks: readFileSync(join(folder, 'tasks.py'), 'utf8') };
    // Only lines are added (the usage line gains both names after `done <index>`); every old line is still there.
    const lines = (text: string) => text.split('\n');
    expect(lines(before.tasks).filter((line) => !lines(after.tasks).includes(line))).toEqual([]);
    expect(
      lines(before.cli)
        .filter((line) => !lines(after.cli).includes(line))
        .filter((line) => !line.includes('done <index>')),
    ).toEqual([]);
    expect(after.cli).toMatch(/done <index> \| remaining \| wipe/);
    // The file's own line endings are kept: a CRLF file has no bare LF afterwards.
    for (const [old, now] of [
      [before.cli, after.cli],
      [before.tasks, after.tasks],
    ] as const) {
      if (old.includes('\r\n')) expect(now.replace(/\r\n/g, '')).not.toContain('\n');
      else expect(now).not.toContain('\r');
    }
    const [remaining, wiped, left] = (await say(folder, [...TWO_TASKS_ONE_DONE, ['remaining'], ['wipe'], ['remaining']])).slice(-3);
    expect(remaining).toBe('1 pending');
    expect(wiped).toBe('wiped 2 tasks');
    expect(left).toBe('0 pending');
  });

  it.each([
    ['remaining-counts-done', 'remaining', '1 pending'],
    ['wipe-keeps-tasks', 'wipe', 'wiped 2 tasks'],
  ] as const)('--bug %s lets the mistake through on every snapshot', async (bug, command, said) => {
    for (const [, app] of APPS) {
      const {
        runs: [wipe, remainingRun],
        folder,
      } = await playedOn(app, {}, [
        ['wipe', ...(bug === 'wipe-keeps-tasks' ? ['--bug', bug] : [])],
        ['remaining', ...(bug === 'remaining-counts-done' ? ['--bug', bug] : [])],
      ]);
      expect(wipe?.exitCode).toBe(0);
      expect(remainingRun?.exitCode).toBe(0);
      const after = command === 'wipe' ? [[command], ['remaining']] : [[command]];
      const [saidNow, remaining] = (await say(folder, [...TWO_TASKS_ONE_DONE, ['add', 'third'], ...after])).slice(4);
      // Two pending and one done: counting done tasks says 1; a wipe that keeps them leaves 2 pending.
      expect(saidNow).toBe(command === 'remaining' ? said : 'wiped 3 tasks');
      if (command === 'wipe') expect(remaining).toBe('2 pending');
    }
  });
});

describe('play-agent.py on apps of other shapes', () => {
  const ours = join(defaultLabDir(), 'start');

  it('adds a case before the wildcard of a match statement, and an entry to a one-line dict of handlers', async () => {
    const match = copyOf(ours, {
      'cli.py':
        'import sys\nfrom tasks import TaskList\n\ndef main(argv):\n    tasks = TaskList.load()\n    match argv[0] if argv else "":\n        case "list":\n            print(len(tasks.items))\n        case "done":\n            tasks.done(int(argv[1]))\n            tasks.save()\n        case _:\n            print("usage: list | done <index>")\n            return 1\n    return 0\n\nsys.exit(main(sys.argv[1:]))\n',
    });
    const handlers = copyOf(ours, {
      'cli.py':
        "import sys\nfrom tasks import TaskList\nUSAGE = 'list | done <index>'\n\ndef show(t, a):\n    print(len(t.items))\n\ndef do_done(t, a):\n    t.done(int(a[0]))\n    t.save()\n\nHANDLERS = {'list': show, 'done': do_done}\nsys.exit(HANDLERS[sys.argv[1]](TaskList.load(), sys.argv[2:]) if len(sys.argv) > 1 else 1)\n",
    });
    for (const folder of [match, handlers]) {
      for (const command of ['wipe', 'remaining'] as const) expect((await play(folder, command)).stderr).toBe('');
      await runProcess([...(await python()), '-c', 'from tasks import TaskList\nt = TaskList.load()\nt.add("a")\nt.save()'], { cwd: folder, env });
      const [remaining, wiped] = await say(folder, [['remaining'], ['wipe']]);
      expect(remaining).toBe('1 pending');
      expect(wiped).toBe('wiped 1 tasks');
    }
    expect(readFileSync(join(handlers, 'cli.py'), 'utf8')).toContain("HANDLERS = {'list': show, 'done': do_done, 'wipe': do_wipe, 'remaining': do_remaining}");
    expect(readFileSync(join(match, 'cli.py'), 'utf8')).toMatch(/case "remaining":\n[^]*case _:/);
  });

  it('empties the list itself when pending() goes through a method that hands out a copy', async () => {
    const courseLike = join(STARTS, 'course-like');
    const tasks = readFileSync(join(courseLike, 'tasks.py'), 'utf8').replace(/for task in self\.tasks if/, 'for task in self.all() if');
    expect(tasks).toContain('self.all() if');
    const folder = copyOf(courseLike, { 'tasks.py': tasks });
    for (const command of ['wipe', 'remaining'] as const) expect((await play(folder, command)).stderr).toBe('');
    const [wiped, remaining] = (await say(folder, [...TWO_TASKS_ONE_DONE, ['wipe'], ['remaining']])).slice(-2);
    expect(wiped).toBe('wiped 2 tasks');
    expect(remaining).toBe('0 pending');
  });

  it.each([
    ['tasks.py', 'class Tasks:\n    pass\n', 'tasks.py: has no class TaskList'],
    ['tasks.py', 'class TaskList:\n    def __init__(self):\n        self.items = []\n', 'tasks.py: class TaskList has no pending() method'],
    [
      'cli.py',
      'import argparse\nUSAGE = "add | list | done <index>"\nparser = argparse.ArgumentParser(usage=USAGE)\n',
      'cli.py: has no dispatch on the command name',
    ],
    [
      'cli.py',
      'import sys\ncommand = sys.argv[1]\nif command == "add":\n    pass\nelif command == "done":\n    pass\n',
      'cli.py: has no usage text naming `done <index>`',
    ],
    ['cli.py', 'def broken(:\n', 'cli.py: does not parse as Python'],
  ])('an app whose %s lacks the shape gets one line naming what is missing, and no file changes', async (file, text, missing) => {
    const folder = copyOf(ours, { [file]: text });
    const before = [readFileSync(join(folder, 'cli.py'), 'utf8'), readFileSync(join(folder, 'tasks.py'), 'utf8')];
    const run = await play(folder, 'wipe');
    expect(run.exitCode).toBe(APP_SHAPE_EXIT);
    expect(run.stderr).toMatch(new RegExp(`^app shape: ${missing.replace(/[.()`]/g, '\\$&')}.*\\n$`));
    expect(run.stdout).toBe('');
    expect([readFileSync(join(folder, 'cli.py'), 'utf8'), readFileSync(join(folder, 'tasks.py'), 'utf8')]).toEqual(before);
  });
});

/** The same commands in each folder, in order (a runAppCommands request per folder), with everything they printed and their exit codes: one list per folder. */
async function transcripts(folders: readonly string[], commands: readonly (readonly string[])[]): Promise<string[][]> {
  const ran = await Promise.all(folders.map((folder) => runAppCommands({ folder, commands, env })));
  return ran.map((runs) => runs.map((run, index) => `${(commands[index] ?? []).join(' ')} -> ${run.exitCode}\n${run.stdout}${run.stderr}`));
}

const OLD_COMMANDS = [['add', 'first', 'one'], ['add', 'second'], ['list'], ['done', '0'], ['list'], ['delete', '1'], ['list'], ['nonsense']] as const;

describe('play-agent.py on the common shapes of a tasks-app (red-team pass)', () => {
  const ours = join(defaultLabDir(), 'start');

  it.each(APP_SHAPES)('%s: both agents add a working command, and the old commands behave as before', async (_name, files) => {
    const untouched = copyOf(ours, files);
    const {
      runs: [wipe, remainingRun],
      folder,
    } = await playedOn(ours, files, [['wipe'], ['remaining']]);
    for (const run of [wipe, remainingRun]) {
      expect(run?.stderr).toBe('');
      expect(run?.exitCode).toBe(0);
    }
    const [before = [], after = []] = await transcripts([untouched, folder], OLD_COMMANDS);
    // The usage text (shown for an unknown command) names the two new commands after `done <index>`; all else is as it was.
    const expected = before.map((said) => said.replace('done <index>', 'done <index> | remaining | wipe'));
    expect(expected.slice(0, 3).every((said) => said.includes('-> 0'))).toBe(true);
    expect(readFileSync(join(folder, 'cli.py'), 'utf8')).toContain('done <index> | remaining | wipe');
    // argparse lists its choices in its usage and in an invalid-choice error: the new subparsers are among them.
    const said = after.map((text) => text.replace(", 'wipe', 'remaining')", ')').replace(/,wipe,remaining\}/g, '}'));
    expect(said).toEqual(expected);
    rmSync(join(folder, 'tasks.json'), { force: true });
    rmSync(join(untouched, 'tasks.json'), { force: true });
    const [played = [], [untouchedList] = []] = await sayIn([
      { folder, commands: [['add', 'first'], ['add', 'second'], ['done', '0'], ['remaining'], ['wipe'], ['remaining'], ['list']] },
      { folder: untouched, commands: [['list']] },
    ]);
    const [remaining, wiped, left, listed] = played.slice(3);
    expect(remaining).toBe('1 pending');
    expect(wiped).toBe('wiped 2 tasks');
    expect(left).toBe('0 pending');
    expect(listed).toBe(untouchedList);
  });

  it("adds sequence arms in the match's own style, before the wildcard", async () => {
    // The first common shape: its red-team test above played the same runs.
    const {
      runs: [wipe, remainingRun],
      folder,
    } = await playedOn(ours, { 'tasks.py': APP_SHAPES[0]?.[1]['tasks.py'] ?? '', 'cli.py': MATCH_SEQUENCE_CLI }, [['wipe'], ['remaining']]);
    for (const run of [wipe, remainingRun]) expect(run?.exitCode).toBe(0);
    const cli = readFileSync(join(folder, 'cli.py'), 'utf8');
    expect(cli).toMatch(/\n {8}case \["wipe"\]:\n[^]*\n {8}case \["remaining"\]:\n[^]*\n {8}case _:\n/);
  });

  it('gives argparse a subparser for each new command, so `wipe` is not an invalid choice', async () => {
    // The third common shape: played already as well.
    const {
      runs: [wipe, remainingRun],
      folder,
    } = await playedOn(ours, { 'tasks.py': APP_SHAPES[0]?.[1]['tasks.py'] ?? '', 'cli.py': SUBPARSERS_CLI }, [['wipe'], ['remaining']]);
    for (const run of [wipe, remainingRun]) expect(run?.exitCode).toBe(0);
    expect(readFileSync(join(folder, 'cli.py'), 'utf8')).toMatch(/commands\.add_parser\("wipe"\)/);
    expect(await say(folder, [['wipe']])).toEqual(['wiped 0 tasks']);
  });

  it('takes a dict with a "done" key for a dict of handlers only when its values are functions the module defines', async () => {
    const records =
      'import sys\nfrom tasks import TaskList\nUSAGE = "list | done <index>"\nBLANK = {"title": "", "done": False}\nSTATES = {"done": "x", "add": "+"}\n';
    const run = await play(copyOf(ours, { 'cli.py': records }), 'wipe');
    expect(run.exitCode).toBe(APP_SHAPE_EXIT);
    expect(run.stderr).toMatch(/^app shape: cli\.py: has no dispatch on the command name/);
  });
});

describe('checkAppShape', () => {
  it('agrees with the agents on every common shape: a lab with such an app is no refusal', async () => {
    for (const [, files] of APP_SHAPES) {
      const lab = mkdtempSync(join(tmpdir(), 'wtlab-lab-'));
      folders.push(lab);
      cpSync(defaultLabDir(), lab, { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(lab, 'start', name), text);
      expect(await checkAppShape(resolveLabFolder(lab))).toBeUndefined();
    }
  });

  it('says nothing for our lab and names the missing part, under start/, for a lab without it', async () => {
    expect(await checkAppShape(resolveLabFolder())).toBeUndefined();
    const lab = mkdtempSync(join(tmpdir(), 'wtlab-lab-'));
    folders.push(lab);
    cpSync(defaultLabDir(), lab, { recursive: true });
    writeFileSync(join(lab, 'start', 'tasks.py'), 'class TaskList:\n    pass\n');
    expect(await checkAppShape(resolveLabFolder(lab))).toBe('start/tasks.py: class TaskList has no pending() method');
  });
});
