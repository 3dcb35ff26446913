import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario, type ResumeFrom } from '../../src/scenario/run-scenario.js';
import type { GitBinary } from '../../src/git/git-binary.js';
import type { LabFolder } from '../../src/lab/lab-folder.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import type { Scenario, StepResult } from '../../src/scenario/types.js';
import { testGit, testLab } from './git.js';
import { REPO } from '../../scenarios/support/names.js';

/** A repo left behind by a scenario: its sandbox, and the paths of the work area and the main worktree. */
export interface BuiltRepo {
  readonly sandbox: Sandbox;
  readonly work: string;
  readonly repo: string;
}

/** A built repo and the results of the steps that built it (with `resume`: only the steps run). */
export interface BuiltRun extends BuiltRepo {
  readonly steps: readonly StepResult[];
}

/** How buildRepo plays a scenario. */
export interface BuildRepoOptions {
  /** Go on from a copy of the work folder an earlier run of the scenario's first steps left (runScenario's `resume`). */
  readonly resume?: ResumeFrom;
  /** The lab folder the scenario reads (its start snapshot). @default testLab(), our fixtures/lab */
  readonly lab?: LabFolder;
  /** The git that plays it (and copies the work folder when resuming). @default testGit(), the suite's git */
  readonly git?: GitBinary;
}

/** Plays a scenario (or its steps after `resume.stepsDone`, in a copy), fails loudly when a step failed, and keeps the sandbox for grading. */
export async function buildRepo(scenario: Scenario, options: BuildRepoOptions = {}): Promise<BuiltRun> {
  const resume = options.resume === undefined ? {} : { resume: options.resume };
  const { result, sandbox } = await runScenario(scenario, { git: options.git ?? (await testGit()), lab: options.lab ?? testLab(), keep: true, ...resume });
  if (sandbox === undefined) throw new Error('runScenario kept no sandbox');
  const failed = result.steps.filter((step) => step.status === 'fail');
  if (failed.length > 0) {
    await sandbox.remove();
    throw new Error(`scenario ${scenario.name} failed: ${failed.map((step) => `${step.name}: ${step.failures.join('; ')}`).join('\n')}`);
  }
  return { sandbox, work: sandbox.work, repo: join(sandbox.work, REPO), steps: result.steps };
}

/** One line per path under a folder: path, kind, mode, size, mtime and a content hash; any change shows. */
export function fingerprint(root: string): string[] {
  const lines: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      const rel = path.slice(root.length);
      if (stat.isDirectory()) {
        lines.push(`${rel}/ ${stat.mode.toString(8)} ${stat.mtimeMs}`);
        walk(path);
      } else if (stat.isSymbolicLink()) {
        lines.push(`${rel} -> ${readlinkSync(path)}`);
      } else {
        const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
        lines.push(`${rel} ${stat.mode.toString(8)} ${stat.size} ${stat.mtimeMs} ${hash}`);
      }
    }
  };
  walk(root);
  return lines;
}
