import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliScript, runCliScripts } from '../../scenarios/support/run-cli-script.js';
import { defaultLabDir } from '../../src/lab/lab-folder.js';
import { resolvePython } from '../../src/process/resolve-python.js';
import { spawnCount } from '../../src/process/run-process.js';

const work = mkdtempSync(join(tmpdir(), 'wtlab-run-cli-script-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1' };

/** A fresh copy of our start under `name`. */
function startCopy(name: string): string {
  const folder = join(work, name);
  cpSync(join(defaultLabDir(), 'start'), folder, { recursive: true });
  return folder;
}

const shape = (run: { exitCode: number; stdout: string; stderr: string }) => [run.exitCode, run.stdout, run.stderr];

describe('runCliScripts', () => {
  it("runs several folders' scripts in one interpreter, each folder's files its own, as one runCliScript per folder gives them", async () => {
    const adds = [['add', 'only here'], ['list']];
    const lists = [['list'], ['nonsense']];
    await resolvePython(env.PATH);
    const before = spawnCount();
    const [added = [], listed = []] = await runCliScripts({
      scripts: [
        { folder: startCopy('adds'), commands: adds },
        { folder: startCopy('lists'), commands: lists },
      ],
      env,
    });
    expect(spawnCount() - before).toBe(1);
    const [alone, aloneOther] = [
      await runCliScript({ folder: startCopy('adds-alone'), commands: adds, env }),
      await runCliScript({ folder: startCopy('lists-alone'), commands: lists, env }),
    ];
    expect(added.map(shape)).toEqual(alone.map(shape));
    expect(listed.map(shape)).toEqual(aloneOther.map(shape));
    // The task added in one folder is in that folder's list only.
    expect(added[1]?.stdout).toContain('only here');
    expect(listed[0]?.stdout).not.toContain('only here');
    expect(readFileSync(join(work, 'adds', 'tasks.json'), 'utf8')).toContain('only here');
    expect(listed.map((run) => run.cwd)).toEqual([join(work, 'lists'), join(work, 'lists')]);
  });

  it('throws one line naming the folders (its label) and the cause when the runner itself cannot start', async () => {
    const folder = startCopy('no-python');
    await expect(runCliScripts({ scripts: [{ folder, commands: [['list']] }], env: { PATH: join(work, 'empty-bin') }, label: 'no-python' })).rejects.toThrow(
      /^the app's script runner failed in no-python \(exit 127\): .*python3 ENOENT$/,
    );
  });
});
