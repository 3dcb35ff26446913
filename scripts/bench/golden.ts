import { cpSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import lab from '../../scenarios/lab.js';
import type { GitBinary } from '../../src/git/git-binary.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { resolveLabFolder } from '../../src/lab/lab-folder.js';
import { runScenario } from '../../src/scenario/run-scenario.js';
import { addBulkHistory } from './add-bulk-history.js';
import { REPO } from '../../scenarios/support/names.js';

/** Plays the whole lab and copies the learner's finished folder (the lab's `repo`) to `dest/<repo>`; returns that folder. */
export async function buildGoldenRepo(git: GitBinary, dest: string): Promise<string> {
  const { result, sandbox } = await runScenario(lab, { git, lab: resolveLabFolder(), keep: true });
  try {
    if (result.status !== 'pass' || sandbox === undefined) throw new Error(`the lab scenario did not pass on git ${git.version}: run wtlab scenarios lab`);
    mkdirSync(dest, { recursive: true });
    cpSync(join(sandbox.work, REPO), join(dest, REPO), { recursive: true });
    return join(dest, REPO);
  } finally {
    await sandbox?.remove();
  }
}

/** Copies a learner's folder to `dest/<repo>` and adds 20,000 commits on 200 branches with one `git fast-import`. */
export async function buildLargeRepo(git: GitBinary, golden: string, dest: string): Promise<string> {
  const repo = join(dest, REPO);
  mkdirSync(dest, { recursive: true });
  cpSync(golden, repo, { recursive: true });
  const home = join(dest, 'home');
  mkdirSync(home, { recursive: true });
  await addBulkHistory(repo, { git, env: sealedEnv({ git, home }), commits: 20_000, branches: 200 });
  return repo;
}

/** Copies a learner's folder `count` times as `dest/sNNN/<repo>`, one learner each; returns the folders. */
export function copySubmissions(golden: string, dest: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const folder = join(dest, `s${String(index + 1).padStart(3, '0')}`, REPO);
    cpSync(golden, folder, { recursive: true });
    return folder;
  });
}

/** A folder of `git` and `python3` wrappers that note each start in `log` and run the real program. */
export function makeCountingShims(dir: string, log: string, real: Readonly<Record<'git' | 'python3', string>>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, path] of Object.entries(real)) {
    const shim = join(dir, name);
    writeFileSync(shim, `#!/bin/sh\necho ${name} >>'${log}'\nexec '${path}' "$@"\n`);
    chmodSync(shim, 0o755);
  }
  return dir;
}
