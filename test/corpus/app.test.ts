import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runApp } from '../../src/evidence/run-app.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { testGit } from '../support/git.js';
import { removeCorpusFolders, runCorpusCase, type CorpusCase } from '../support/corpus.js';
import { appScript } from '../../graders/lab.js';

/** The lab's script as it runs when the start's usage names no extra command. */
const APP_PLAN = appScript({ ran: false, runs: [] });

afterAll(removeCorpusFolders);

function check(report: GradeReport, id: string): { status: string; message: string; evidence?: string } | undefined {
  return report.criteria.find((found) => found.id === 'merged')?.checks.find((found) => found.id === id);
}

/** A cli.py that prints the usage, then does `bad` for `list`. */
function appThat(bad: string): string {
  return [
    'import os, signal, sys, time',
    'if sys.argv[1:2] == ["list"]:',
    ...bad.split('\n').map((line) => `    ${line}`),
    'print("usage: cli.py add|list|done|count|delete")',
    '',
  ].join('\n');
}

const CASES: readonly CorpusCase[] = [
  {
    name: 'an app that hangs: stopped after 5 s, its later calls not run, the other commands still tried',
    build: async (kit) => ({ source: await kit.startRepo('tasks-app', { files: { 'cli.py': appThat('time.sleep(3600)') } }) }),
    expected: {
      exit: 1,
      report: (report) => {
        expect(check(report, 'app-runs')?.status).toBe('pass');
        expect(check(report, 'old-commands-work')?.evidence).toMatch(/python3 cli\.py list -> exit 124 \(timed out\)/);
      },
    },
  },
  {
    name: 'an app that prints megabytes, through print() and straight to fd 1: capped',
    build: async (kit) => ({
      source: await kit.startRepo('tasks-app', {
        files: { 'cli.py': appThat('print("x" * 30_000_000)\nos.write(1, b"y" * 30_000_000)\nos.write(2, b"z" * 30_000_000)\nsys.exit(0)') },
      }),
    }),
    expected: {
      exit: 1,
      report: (report) => {
        expect(check(report, 'app-runs')?.status).toBe('pass');
        expect(JSON.stringify(report).length).toBeLessThan(256 * 1024);
      },
    },
  },
  {
    name: 'an app that fills its temp folder: stopped once it has written 256 MiB, the rest of its writes never made',
    build: async (kit) => ({
      source: await kit.startRepo('tasks-app', {
        files: {
          'cli.py': appThat(
            'chunk = b"x" * 1024 * 1024\nfor i in range(40):\n    with open(os.path.join(os.environ["TMPDIR"], f"fill-{i}"), "wb") as out:\n        for _ in range(60):\n            out.write(chunk)\nprint("wrote 2400 MiB")',
          ),
        },
      }),
    }),
    expected: {
      exit: 1,
      report: (report) => {
        expect(check(report, 'app-runs')?.status).toBe('fail');
        expect(check(report, 'app-runs')?.message).toMatch(
          /wrote more than 256 MiB or 10,000 files and folders into its folder, HOME and TMPDIR \(at python3 cli\.py list\)/,
        );
        expect(JSON.stringify(report)).not.toContain('wrote 2400 MiB');
      },
    },
  },
  {
    name: 'an app that exits by a signal',
    build: async (kit) => ({ source: await kit.startRepo('tasks-app', { files: { 'cli.py': appThat('os.kill(os.getpid(), signal.SIGKILL)') } }) }),
    expected: {
      exit: 1,
      report: (report) => {
        expect(check(report, 'app-runs')?.status).toBe('fail');
        expect(check(report, 'app-runs')?.message).toMatch(/could not be run: python3 cli\.py list was killed by signal SIGKILL/);
      },
    },
  },
  {
    name: "an app that turns wtlab's result file into a link to /dev/zero",
    build: async (kit) => ({
      source: await kit.startRepo('tasks-app', {
        files: {
          'cli.py': appThat(
            'for name in ("../app-result.json", "../result.json", "../app-main/app-result.json", "../app-main/result.json"):\n    try:\n        os.symlink("/dev/zero", name)\n    except OSError:\n        pass',
          ),
        },
      }),
    }),
    expected: { exit: 1, report: (report) => expect(check(report, 'app-runs')?.status).toBe('fail') },
  },
  {
    name: "python3 missing from PATH: an error (the grading machine's), not the learner's fail",
    build: async (kit) => {
      const bin = join(kit.dir, '..', 'bin-without-python');
      mkdirSync(bin);
      symlinkSync(process.execPath, join(bin, 'node'));
      symlinkSync((await testGit()).path, join(bin, 'git'));
      return { source: await kit.startRepo('tasks-app'), env: { PATH: bin } };
    },
    expected: {
      exit: 1,
      report: (report) => {
        const ran = check(report, 'app-runs');
        expect(ran?.status).toBe('error');
        expect(ran?.message).toMatch(/a problem of the grading machine, not your fault\): python3 is not on the grading machine's PATH/);
        expect(check(report, 'old-commands-work')?.status).toBe('skip');
      },
    },
  },
];

describe.concurrent('corpus: the app on main, run in a throwaway export', () => {
  it.each(CASES.map((corpusCase) => [corpusCase.name, corpusCase] as const))('%s', async (_name, corpusCase) => {
    await runCorpusCase(corpusCase);
  });
});

describe('corpus: the app environment', () => {
  it('sees only PATH and a few fixed variables, a temp HOME and TMPDIR, and runs in the export', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wtlab-corpus-app-env-'));
    try {
      const folder = join(root, 'export');
      const scratch = join(root, 'scratch');
      mkdirSync(folder);
      mkdirSync(scratch);
      writeFileSync(join(folder, 'cli.py'), 'import json, os\nprint(json.dumps({"env": dict(os.environ), "cwd": os.getcwd()}))\n');
      process.env.WTLAB_CORPUS_SECRET = 'must not leak';
      const app = await runApp({ plan: APP_PLAN, folder, scratch, secondsPerCommand: 2 }).finally(() => delete process.env.WTLAB_CORPUS_SECRET);
      const seen = JSON.parse(app.runs[0]?.stdout ?? '{}') as { env: Record<string, string>; cwd: string };
      const ours = ['HOME', 'LC_ALL', 'PATH', 'PYTHONDONTWRITEBYTECODE', 'PYTHONIOENCODING', 'PYTHONNOUSERSITE', 'TMPDIR'];
      expect(seen.env.WTLAB_CORPUS_SECRET).toBeUndefined();
      // A python3 launcher (pyenv's shim on this machine) may add its own variables; nothing else gets in.
      expect(Object.keys(seen.env).filter((key) => !ours.includes(key) && !/^(_?PYENV\w*|PWD|SHLVL|_)$/.test(key))).toEqual([]);
      expect(ours.filter((key) => seen.env[key] === undefined)).toEqual([]);
      // The folder it ran in reads as the export asked for, even where a sandbox moved it into its workspace (a fresh
      // folder per run): paths the app prints then compare between the start's run and main's.
      expect(seen.cwd).toBe(folder);
      // HOME and TMPDIR are the run's own folders (beside its moved export, when there is a sandbox).
      expect(seen.env.HOME).toMatch(/\/(app-)?home$/);
      expect(seen.env.TMPDIR).toMatch(/\/(app-)?tmp$/);
      if ((app.sandbox?.tool ?? 'none') === 'none') expect(dirname(seen.env.HOME ?? '')).toBe(scratch);
      else expect(seen.env.HOME).toMatch(/\/wtlab-app-\d+-[^/]+\/run-[^/]+\/home$/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
