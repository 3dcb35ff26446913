import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isInside } from '../evidence/read-small-file.js';
import { SYSTEM_DIRS } from './bubblewrap-args.js';

/** How the sandbox starts a program found outside the system folders, and what of its files it shows. */
export interface ProgramView {
  /** The path to start: the program as found for a venv's interpreter (or a program under the system folders), else its real file (links followed). */
  readonly run: string;
  /** Absolute paths, folders or single files, to show read-only at the same path; never `/`, a system folder or what is under one. */
  readonly readable: readonly string[];
}

export interface ProgramViewOptions {
  /** The program as found on PATH (links not followed; a relative path is taken from the current folder), e.g. `/home/u/venv/bin/python3`. */
  readonly program: string;
  /** Folders never shown whole, nor any folder holding one: the app's writable folder, say. @default [] */
  readonly guarded?: readonly string[];
}

/** Whether `path` is `dir` or lies under it (isInside, the other way round). */
function isUnder(path: string, dir: string): boolean {
  return isInside(dir, path);
}

function isSystem(path: string): boolean {
  return path === '/' || SYSTEM_DIRS.some((dir) => isUnder(path, dir));
}

/** Whether showing `dir` whole would show too much: `/`, or a folder that holds (or is) the grader's home, the temp folder or a guarded one. */
function tooWide(dir: string, guarded: readonly string[]): boolean {
  return dir === '/' || [homedir(), tmpdir(), ...guarded].some((kept) => isUnder(kept, dir) || isUnder(realpathOr(kept), dir));
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether `file` (links followed) starts with `#!`: a script, whose interpreter and files the sandbox does not know. */
function isScript(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const head = Buffer.alloc(2);
    return readSync(fd, head, { position: 0 }) === 2 && head.toString('latin1') === '#!';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Whether the sandbox can start `program` (as found on PATH) with what programView shows: any program under the
 * system folders, else one that is no `#!` script. A script outside them is a version manager's shim as a rule
 * (pyenv's runs `$PYENV_ROOT/libexec/pyenv`, asdf's likewise), which needs the manager's whole tree, the grader's
 * home as a rule, and picks the version by the current folder's files.
 */
export function startsInSandbox(program: string): boolean {
  return isSystem(program) || !isScript(program);
}

/**
 * The venv a Python started as `program` belongs to: the folder holding `pyvenv.cfg`, next to the program
 * (links not followed) or one folder up, as CPython's getpath looks (docs: "venv", "How venvs work"); or undefined.
 */
export function venvRoot(program: string): string | undefined {
  const bin = dirname(program);
  return [bin, dirname(bin)].find((dir) => isFile(join(dir, 'pyvenv.cfg')));
}

/** The `home = ...` of a venv's pyvenv.cfg: the folder of the interpreter it was made from, when absolute. */
function venvHome(venv: string): string | undefined {
  try {
    const line = readFileSync(join(venv, 'pyvenv.cfg'), 'utf8')
      .split('\n')
      .map((text) => text.split('='))
      .find(([key]) => key?.trim().toLowerCase() === 'home');
    const home = line?.slice(1).join('=').trim();
    return home && isAbsolute(home) ? home : undefined;
  } catch {
    return undefined;
  }
}

/** The stdlib folder names CPython looks in: `python3.11`, `python3.13t` (free-threaded). */
const STDLIB_DIR = /^python\d+\.\d+t?$/;

/**
 * The install prefix of a Python whose real program is in `bin`: the folder above it when that holds the
 * landmark CPython's getpath looks for, `lib/pythonX.Y/os.py` (or `os.pyc`; `lib64/` where the platlibdir
 * is lib64) (docs: "sys.prefix", Modules/getpath.py). Else undefined: a program in a bare folder.
 */
export function installPrefix(bin: string): string | undefined {
  const prefix = dirname(bin);
  for (const lib of ['lib', 'lib64']) {
    let names: string[];
    try {
      names = readdirSync(join(prefix, lib));
    } catch {
      continue;
    }
    const stdlib = names.filter((name) => STDLIB_DIR.test(name));
    if (stdlib.some((name) => ['os.py', 'os.pyc'].some((file) => existsSync(join(prefix, lib, name, file))))) return prefix;
  }
  return undefined;
}

/**
 * What the sandbox shows of `program` and how it starts it, so that the app sees what the interpreter needs
 * and no folder merely because the program sits in it (a `python3` link in `~/bin` must not show `~`):
 * - a venv (pyvenv.cfg next to the program or one up): its folder, and the program started as found, so Python
 *   finds the pyvenv.cfg and makes the venv `sys.prefix`;
 * - otherwise a program outside the system folders is started by its real file (links followed), which a link's
 *   folder does not need;
 * - the real interpreter's install prefix (see installPrefix; for a venv also the one of its `home`) when it has
 *   one, else the real file alone;
 * - nothing under the system folders (shown anyway), and no folder that is `/` or holds the grader's home, the
 *   temp folder or a guarded folder (then a venv is started as its real interpreter, and a prefix is not shown).
 * Throws what realpathSync throws when `program` is gone.
 */
export function programView(options: ProgramViewOptions): ProgramView {
  const { guarded = [] } = options;
  // Absolute: a program found through a relative PATH entry (`.`) is `python3`, which means nothing at `/`, where the sandbox starts.
  const program = resolve(options.program);
  const real = realpathSync(program);
  const found = venvRoot(program);
  const venv = found !== undefined && !isSystem(found) && !tooWide(found, guarded) ? found : undefined;
  const run = venv !== undefined || isSystem(program) ? program : real;
  const shown: string[] = venv === undefined ? [] : [venv];
  const home = found === undefined ? undefined : venvHome(found);
  for (const bin of [dirname(real), ...(home === undefined ? [] : [home])]) {
    const prefix = installPrefix(bin);
    if (prefix !== undefined && !isSystem(prefix) && !tooWide(prefix, guarded)) shown.push(prefix);
  }
  if (!isSystem(real) && !shown.some((dir) => isUnder(real, dir))) shown.push(real);
  const readable = shown.filter((path, index) => !isSystem(path) && !shown.some((other, at) => at !== index && other !== path && isUnder(path, other)));
  return { run, readable: [...new Set(readable)] };
}
