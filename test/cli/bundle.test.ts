import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { packageRoot } from '../../src/paths/package-root.js';
import { WTLAB } from '../support/cli.js';
import { sharedRepo } from '../support/shared-repos.js';

const LOG_LOADS = join(packageRoot(), 'test', 'support', 'log-loads.mjs');

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'wtlab-bundle-test-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/**
 * A folder holding a `python3` that logs each start to `starts`, then runs the real one: the PATH to give a run
 * (written into the file, as the app driver starts Python with a few variables only).
 */
function countingPythonPath(name: string, starts: string): string {
  const python = locateExecutable('python3', process.env.PATH ?? '');
  if (python === undefined) throw new Error('python3 is not on PATH');
  const shims = join(root, `${name}-shims`);
  mkdirSync(shims, { recursive: true });
  writeFileSync(join(shims, 'python3'), `#!/bin/sh\necho python3 >>'${starts}'\nexec '${python}' "$@"\n`);
  chmodSync(join(shims, 'python3'), 0o755);
  return `${shims}:${process.env.PATH ?? ''}`;
}

interface LoadedRun {
  readonly exitCode: number;
  readonly stderr: string;
  /** Every ES module file of ours that the process (and its workers) loaded, relative to the package root. */
  readonly ours: readonly string[];
  /** One line per python3 the process started (through countingPythonPath's). */
  readonly pythonStarts: readonly string[];
}

/** Runs `node --import log-loads.mjs bin/wtlab.js ARGS...` and lists the package's own files it loaded, and the python3 it started. */
async function runLoggingLoads(name: string, args: readonly string[]): Promise<LoadedRun> {
  const log = join(root, `${name}.log`);
  const starts = join(root, `${name}.python-starts`);
  const run = await execa('node', ['--import', LOG_LOADS, WTLAB, ...args], {
    reject: false,
    cwd: root,
    // Without the sandbox, which would start the real python3 behind the counting one.
    env: { NO_COLOR: '1', WTLAB_LOAD_LOG: log, WTLAB_SANDBOX: 'none', PATH: countingPythonPath(name, starts) },
  });
  const urls = readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'));
  const ours = urls
    .map((url) => relative(packageRoot(), fileURLToPath(url)))
    .filter((file) => !file.startsWith('..') && !file.startsWith('node_modules/') && !file.startsWith('test/'));
  const pythonStarts = existsSync(starts) ? readFileSync(starts, 'utf8').split('\n').filter(Boolean) : [];
  return { exitCode: run.exitCode ?? -1, stderr: String(run.stderr), ours: [...new Set(ours)].sort(), pythonStarts };
}

/** `wtlab grade --help`, run once for the tests that read it. */
let gradeHelpRun: Promise<LoadedRun> | undefined;
function gradeHelp(): Promise<LoadedRun> {
  gradeHelpRun ??= runLoggingLoads('grade-help', ['grade', '--help']);
  return gradeHelpRun;
}

describe('bin/wtlab.js runs the bundle', () => {
  it('loads only bin/wtlab.js and dist/bundle files for wtlab grade --help, and starts no Python', async () => {
    const run = await gradeHelp();
    expect(run.exitCode).toBe(0);
    expect(run.pythonStarts).toEqual([]);
    expect(run.ours).toContain('dist/bundle/main.js');
    expect(run.ours.filter((file) => file !== 'bin/wtlab.js' && !file.startsWith('dist/bundle/'))).toEqual([]);
  });

  it('keeps the subcommands lazy: wtlab grade --help loads fewer chunks than wtlab --help, which loads them all', async () => {
    const one = await gradeHelp();
    const all = await runLoggingLoads('all-commands', ['--help']);
    expect(all.exitCode).toBe(0);
    expect(all.ours.filter((file) => !file.startsWith('dist/bundle/') && file !== 'bin/wtlab.js')).toEqual([]);
    expect(one.ours.every((file) => all.ours.includes(file))).toBe(true);
    expect(one.ours.length).toBeLessThan(all.ours.length);
  });

  it('loads the grading only when it runs, and a submission that cannot be opened starts no Python: one line, exit 2', async () => {
    const missing = join(root, 'no-such-folder');
    const refused = await runLoggingLoads('refused', ['grade', missing]);
    expect({ exitCode: refused.exitCode, stderr: refused.stderr }).toEqual({
      exitCode: 2,
      stderr: expect.stringMatching(new RegExp(`^wtlab: ${missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} does not exist\\. [^\\n]*$`)),
    });
    expect(refused.pythonStarts).toEqual([]);
    expect((await gradeHelp()).ours.every((file) => refused.ours.includes(file))).toBe(true);
    expect((await gradeHelp()).ours.length).toBeLessThan(refused.ours.length);
  });

  it('forks the batch workers from dist/bundle/grade-worker.js, beside the chunk that forks them', async () => {
    const sources = ['one', 'two'].map((name) => {
      const folder = join(root, 'subs', name);
      mkdirSync(folder, { recursive: true });
      return folder;
    });
    const run = await runLoggingLoads('batch', ['grade', ...sources, '--jobs', '2']);
    // Neither folder is a repository: each worker answers "could not be graded" for it.
    expect(run.stderr).toContain(`${sources[0]} is not inside a git repository`);
    expect(run.stderr).toContain(`${sources[1]} is not inside a git repository`);
    expect(run.ours).toContain('dist/bundle/grade-worker.js');
    expect(run.ours.filter((file) => file !== 'bin/wtlab.js' && !file.startsWith('dist/bundle/'))).toEqual([]);
  });

  it('starts one python3 for a grade, once the submission is open: the driver warmed then is the one the grade uses (one module instance across chunks)', async () => {
    const starts = join(root, 'python-starts.log');
    const built = await sharedRepo('golden');
    // Without the sandbox: inside it the shim could not write its log (and as root a python3 in a private folder is passed over).
    const run = await execa('node', [WTLAB, 'grade', built.repo, '--format', 'json'], {
      reject: false,
      cwd: root,
      env: { NO_COLOR: '1', WTLAB_SANDBOX: 'none', PATH: countingPythonPath('grade', starts) },
    });
    expect(run.exitCode).toBe(0);
    expect((JSON.parse(String(run.stdout)) as { score: number }).score).toBe(100);
    expect(readFileSync(starts, 'utf8').split('\n').filter(Boolean)).toEqual(['python3']);
    // In the sandbox too, one driver serves the grade (counted by wtlab itself).
    const sandboxed = await execa('node', [WTLAB, 'grade', built.repo, '--format', 'json'], {
      reject: false,
      cwd: root,
      env: { NO_COLOR: '1', WTLAB_STATS: '1' },
    });
    expect(String(sandboxed.stderr)).toMatch(/processes: \d+ git, 1 python/);
  });

  it('says how to build when dist/bundle is missing', async () => {
    const unbuilt = join(root, 'unbuilt');
    mkdirSync(join(unbuilt, 'bin'), { recursive: true });
    copyFileSync(WTLAB, join(unbuilt, 'bin', 'wtlab.js'));
    const run = await execa('node', [join(unbuilt, 'bin', 'wtlab.js'), '--version'], { reject: false, cwd: root });
    expect(run.exitCode).toBe(2);
    expect(String(run.stderr)).toBe('wtlab: not built yet (dist/bundle/ is missing). Run: npm run bundle');
    expect(String(run.stdout)).toBe('');
  });
});
