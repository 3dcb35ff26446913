import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario } from '../../src/scenario/run-scenario.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import type { Scenario } from '../../src/scenario/types.js';
import { testGit, testLab } from './git.js';
import { REPO } from '../../scenarios/support/names.js';

/** A repo left behind by a scenario: its sandbox, and the paths of the work area and the main worktree. */
export interface BuiltRepo {
  readonly sandbox: Sandbox;
  readonly work: string;
  readonly repo: string;
}

export interface BuildRepoOptions {
  /**
   * A built repo (a copy of a shared one, see copy-built.ts) whose sandbox the steps go on in, instead of a fresh
   * sandbox. It is removed too when a step fails. @default a fresh sandbox
   */
  readonly on?: BuiltRepo;
  /** How many steps of the road were played before the scenario's first (dates, and so hashes, go on from there). @default 0 */
  readonly firstStepIndex?: number;
}

/** Plays a scenario, fails loudly when a step failed, and keeps the sandbox for grading. */
export async function buildRepo(scenario: Scenario, options: BuildRepoOptions = {}): Promise<BuiltRepo> {
  const { result, sandbox } = await runScenario(scenario, {
    git: await testGit(),
    lab: testLab(),
    keep: true,
    ...(options.on !== undefined ? { sandbox: options.on.sandbox } : {}),
    ...(options.firstStepIndex !== undefined ? { firstStepIndex: options.firstStepIndex } : {}),
  });
  if (sandbox === undefined) throw new Error('runScenario kept no sandbox');
  const failed = result.steps.filter((step) => step.status === 'fail');
  if (failed.length > 0) {
    await sandbox.remove();
    throw new Error(`scenario ${scenario.name} failed: ${failed.map((step) => `${step.name}: ${step.failures.join('; ')}`).join('\n')}`);
  }
  return { sandbox, work: sandbox.work, repo: join(sandbox.work, REPO) };
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
