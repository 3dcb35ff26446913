// vitest globalSetup: the python3 the suite starts, first on PATH for every test file (see choosePython).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { changeEnv } from './change-env.js';

/** The system's interpreter: the one a sandboxed grade runs here anyway (the sandbox's user cannot reach a version manager under root's home). */
const SYSTEM_PYTHON = '/usr/bin/python3';

/**
 * The interpreter the suite runs the app, the agents and the graders' driver with: `WTLAB_TEST_PYTHON` when set (an
 * empty value keeps PATH's python3), else the system's /usr/bin/python3 when there is one, else none (PATH's python3).
 * Why not PATH's: on our machine that is pyenv's 3.11.7, whose site-packages holds a `.pth` file that imports certifi
 * at every start (`python3 -X importtime -c pass`: 19 ms of 25 ms in site), 38 ms a start against 13 ms for
 * /usr/bin/python3 (`python3 -c pass`, 50 starts, /usr/bin/time), and the suite starts python about a thousand times.
 * The grades' sandboxed runs used /usr/bin/python3 already; now scenario replays and grades use the same one.
 */
export function choosePython(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const asked = env.WTLAB_TEST_PYTHON;
  if (asked !== undefined) return asked === '' ? undefined : asked;
  return locateExecutable(SYSTEM_PYTHON) === undefined ? undefined : SYSTEM_PYTHON;
}

/** Puts a folder holding `python3` (a link to choosePython's) first on PATH for the run's workers; after the run, removes it and puts PATH back. */
export default function setup(): () => void {
  const python = choosePython();
  if (python === undefined) return () => undefined;
  const located = locateExecutable(python);
  if (located === undefined) {
    const error = new Error(
      `WTLAB_TEST_PYTHON=${python} is not an executable file (nor a program on PATH); unset it to use ${SYSTEM_PYTHON} or PATH's python3`,
    );
    // A setting of the run, not a fault of this file: vitest shows the one line, no stack under it.
    error.stack = `${error.name}: ${error.message}`;
    throw error;
  }
  const folder = mkdtempSync(join(tmpdir(), 'wtlab-test-python-'));
  // Readable by all: a sandboxed run's user passes over a python3 it cannot reach.
  chmodSync(folder, 0o755);
  // In bin/ of a folder of its own, so PATH gains python3 and nothing else. A sandbox shows nothing of this folder: a
  // link outside the system folders, in a folder that is no venv, is started by its real file (/usr/bin/python3.X), and
  // Python finds its prefix from that (src/sandbox/program-view.ts). Before, the folder above bin/ was shown as an
  // install prefix, so the link had to sit two levels below the run's temp folder.
  const bin = join(folder, 'bin');
  mkdirSync(bin, { mode: 0o755 });
  // Absolute: a program found through a relative PATH entry (`.`) would make a link that points nowhere from bin/.
  symlinkSync(resolve(located), join(bin, 'python3'));
  const restore = changeEnv({ PATH: `${bin}:${process.env.PATH ?? ''}` });
  return () => {
    rmSync(folder, { recursive: true, force: true });
    restore();
  };
}
