import { cpSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import lab from '../../scenarios/lab.js';
import type { GitBinary } from '../../src/git/git-binary.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { runGit } from '../../src/git/run-git.js';
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

/**
 * Copies a learner's folder `count` times as `dest/sNNN/<repo>`, one learner each, and commits a NOTES.md of that
 * learner's own on main: every submission has the same start but its own main tree, as in a class (a grade runs each
 * tree's app once per process, so identical copies would be graded faster than a class is). Returns the folders.
 */
export async function copySubmissions(git: GitBinary, golden: string, dest: string, count: number): Promise<string[]> {
  const home = join(dest, 'home');
  mkdirSync(home, { recursive: true });
  const env = sealedEnv({ git, home, date: '2026-03-01T12:00:00Z' });
  const folders: string[] = [];
  for (let index = 1; index <= count; index += 1) {
    const folder = join(dest, `s${String(index).padStart(3, '0')}`, REPO);
    cpSync(golden, folder, { recursive: true });
    writeFileSync(join(folder, 'NOTES.md'), `Notes of learner ${index}.\n`);
    for (const args of [
      ['add', 'NOTES.md'],
      ['commit', '-q', '-m', `Notes of learner ${index}`],
    ]) {
      const run = await runGit(git, args, { cwd: folder, env });
      if (run.exitCode !== 0) throw new Error(`git ${args.join(' ')} in ${folder}: ${run.stderr}`);
    }
    folders.push(folder);
  }
  return folders;
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
