import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { removeTree } from '../../src/paths/remove-tree.js';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { UserError } from '../../src/errors/user-error.js';
import { exitCodeFor } from '../../src/cli/commands/grade.js';
import type { GitBinary } from '../../src/git/git-binary.js';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import { renderJson } from '../../src/report/grade/json.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import type { GradeReport } from '../../src/grade/report-types.js';
import { packageRoot } from '../../src/paths/package-root.js';
import { wtlab, type CliRun } from './cli.js';
import { testGit } from './git.js';
import { snapshotTree } from './tree-snapshot.js';
import { lab } from '../../lab/index.js';

/** What a corpus builder made: what to grade, and what must stay as it was. */
export interface BuiltInput {
  /** The path or URL passed to `wtlab grade`. */
  readonly source: string;
  /** The folder that must be byte-for-byte unchanged. @default the source, or its folder when it is a file */
  readonly watch?: string;
  /** Extra environment for the CLI run (e.g. a PATH without python3). */
  readonly env?: Record<string, string>;
  /** More arguments for `wtlab grade` (e.g. `--git`). */
  readonly args?: readonly string[];
}

/** Tools a builder gets: its own temp folder, git with a sealed environment, and the canary file that must never appear. */
export interface Kit {
  readonly dir: string;
  readonly git: GitBinary;
  readonly canaryFile: string;
  /** The temp folder a CLI run is given (WTLAB_TMPDIR); it must be empty again after the grade. */
  readonly tmp: string;
  /** Runs git in `cwd`; throws with stderr when it fails. */
  gitIn(cwd: string, args: readonly string[], input?: string): Promise<string>;
  /** A repo at `dir/name` holding the lab's start snapshot committed on `main` (plus `files`). */
  startRepo(
    name: string,
    options?: { readonly branch?: string; readonly files?: Readonly<Record<string, string | Buffer>>; readonly initArgs?: readonly string[] },
  ): Promise<string>;
}

/** What the run must show. */
export interface Expected {
  readonly exit: 0 | 1 | 2;
  /** For exit 2: the one line on stderr. */
  readonly stderr?: RegExp;
  /** For exit 0/1: more checks on the JSON report. */
  readonly report?: (report: GradeReport) => void;
}

/** One bad input: how to build it and what grading it must do. */
export interface CorpusCase {
  readonly name: string;
  readonly build: (kit: Kit) => Promise<BuiltInput>;
  readonly expected: Expected;
  /** A reason to skip this case on this machine, or undefined. */
  readonly skip?: () => string | undefined;
  /** `cli` runs `wtlab grade` as a process; `library` calls gradeSubmission in this process (faster, same checks). @default 'cli' */
  readonly via?: 'cli' | 'library';
  /** More checks after the run (e.g. nothing written where an archive pointed). */
  readonly afterwards?: (kit: Kit) => void | Promise<void>;
}

/** Grades in this process as the CLI would: a UserError becomes one `wtlab:` line and exit 2, anything else is thrown. */
async function gradeInProcess(source: string): Promise<CliRun> {
  try {
    const report = await gradeSubmission(source, { git: await testGit(), lab });
    return { exitCode: exitCodeFor([report]), stdout: renderJson([report]), stderr: '' };
  } catch (error) {
    if (error instanceof UserError) return { exitCode: 2, stdout: '', stderr: `wtlab: ${error.message}\n` };
    throw error;
  }
}

const roots: string[] = [];

/** Removes every folder the corpus made (call in afterAll). */
export async function removeCorpusFolders(): Promise<void> {
  await Promise.all(roots.splice(0).map((root) => removeTree(root)));
}

/** A fresh kit in a new temp folder. */
export async function makeKit(label: string): Promise<Kit> {
  const git = await testGit();
  const root = mkdtempSync(join(tmpdir(), `wtlab-corpus-${label.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}-`));
  roots.push(root);
  const dir = join(root, 'in');
  const home = join(root, 'home');
  mkdirSync(dir);
  mkdirSync(home);
  mkdirSync(join(root, 'tmp'));
  const env = sealedEnv({ git, home, date: '2026-01-01T09:00:00Z' });
  const gitIn = async (cwd: string, args: readonly string[], input?: string) => {
    const result = await runGit(git, args, { cwd, env, ...(input !== undefined ? { input } : {}) });
    if (result.exitCode !== 0) throw new Error(`builder: git ${args.join(' ')} failed in ${cwd}: ${result.stderr}`);
    return result.stdout;
  };
  return {
    dir,
    git,
    canaryFile: join(root, 'CANARY'),
    tmp: join(root, 'tmp'),
    gitIn,
    async startRepo(name, options = {}) {
      const repo = join(dir, name);
      mkdirSync(repo, { recursive: true });
      await gitIn(repo, ['init', '-q', '-b', options.branch ?? 'main', ...(options.initArgs ?? [])]);
      cpSync(join(packageRoot(), 'fixtures', 'lab', 'start'), repo, { recursive: true });
      for (const [file, content] of Object.entries(options.files ?? {})) {
        mkdirSync(dirname(join(repo, file)), { recursive: true });
        writeFileSync(join(repo, file), content);
      }
      await gitIn(repo, ['add', '-A']);
      await gitIn(repo, ['commit', '-q', '-m', 'start']);
      return repo;
    },
  };
}

/** Stack-trace lines (`    at fn (file:line)`) or wtlab's internal-error banner. */
const STACK = /^\s+at .+[:(]|internal error/m;

/** Builds one case, grades it with the real CLI, and checks exit code, output, canary and the unchanged input. */
export async function runCorpusCase(corpusCase: CorpusCase): Promise<CliRun> {
  const kit = await makeKit(corpusCase.name);
  const built = await corpusCase.build(kit);
  const watch = built.watch ?? built.source;
  const before = existsSync(watch) ? await snapshotTree(watch) : [];
  const run =
    corpusCase.via === 'library'
      ? await gradeInProcess(built.source)
      : await wtlab(['grade', built.source, '--format', 'json', ...(built.args ?? [])], { cwd: kit.dir, env: { WTLAB_TMPDIR: kit.tmp, ...built.env } });
  const { expected } = corpusCase;
  expect(run.stderr, 'no stack trace').not.toMatch(STACK);
  expect(run.exitCode, `exit code (stderr: ${run.stderr})`).toBe(expected.exit);
  if (expected.exit === 2) {
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n'), 'one line on stderr').toHaveLength(1);
    expect(run.stderr).toMatch(/^wtlab: /);
    if (expected.stderr) expect(run.stderr).toMatch(expected.stderr);
  } else {
    const report = JSON.parse(run.stdout) as GradeReport;
    expect(report.criteria.length).toBeGreaterThan(0);
    expected.report?.(report);
  }
  expect(existsSync(kit.canaryFile), 'the canary appeared: something the submission named was run').toBe(false);
  if (existsSync(watch)) expect(await snapshotTree(watch), 'the submission changed').toEqual(before);
  if (corpusCase.via !== 'library') expect(readdirSync(kit.tmp), 'temp folders left behind').toEqual([]);
  await corpusCase.afterwards?.(kit);
  return run;
}

/** The status of one check in a report, e.g. `check(report, 'merged', 'no-conflict-markers')`. */
export function checkStatus(report: GradeReport, criterion: string, check: string): string | undefined {
  return report.criteria.find((found) => found.id === criterion)?.checks.find((found) => found.id === check)?.status;
}
