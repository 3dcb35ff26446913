import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { fixturesDir } from '../paths/package-root.js';

/** A course lab folder: the start snapshot, the two scripts, the two prompts, and the module text beside it. */
export interface LabFolder {
  readonly dir: string;
  readonly start: string;
  readonly setupScript: string;
  readonly cleanupScript: string;
  readonly agentAPrompt: string;
  readonly agentBPrompt: string;
  /** `DIR/../README.md`, when the lab folder sits in a module folder that has one. */
  readonly moduleText: string | undefined;
}

/** Our own lab, `fixtures/lab/`. */
export function defaultLabDir(): string {
  return join(fixturesDir(), 'lab');
}

/** The nearest folder above `path` (three levels at most) with a start/ folder: the lab a file given as --lab lies in. */
function enclosingLab(path: string): string | undefined {
  for (let dir = dirname(path), level = 0; level < 3 && dirname(dir) !== dir; dir = dirname(dir), level += 1) {
    const start = join(dir, 'start');
    if (existsSync(start) && statSync(start).isDirectory()) return dir;
  }
  return undefined;
}

/** Checks that a folder is laid out as a course lab (DESIGN.md) and names its parts. */
export function resolveLabFolder(requested?: string): LabFolder {
  const dir = resolve(requested ?? defaultLabDir());
  if (!existsSync(dir)) {
    throw new UserError('LAB_NOT_FOUND', `lab folder ${dir} does not exist. Pass --lab DIR with DIR/start/ inside.`);
  }
  if (!statSync(dir).isDirectory()) {
    const lab = enclosingLab(dir);
    throw new UserError(
      'LAB_NOT_A_FOLDER',
      `--lab ${dir} is ${statSync(dir).isFile() ? 'a file' : 'no folder'}, not a lab folder. ${lab !== undefined ? `Pass the lab folder that holds it: --lab ${lab}` : 'Pass --lab DIR with DIR/start/ inside.'}`,
    );
  }
  const start = join(dir, 'start');
  if (!existsSync(start) || !statSync(start).isDirectory()) {
    throw new UserError('LAB_NO_START', `lab folder ${dir} has no start/ snapshot. Pass --lab DIR where DIR/start/ holds the app.`);
  }
  for (const file of ['setup-worktrees.sh', 'cleanup-worktrees.sh']) {
    if (!existsSync(join(dir, file))) {
      throw new UserError('LAB_NO_SCRIPT', `lab folder ${dir} has no ${file}. A lab folder needs start/, setup-worktrees.sh and cleanup-worktrees.sh.`);
    }
  }
  const moduleText = join(dirname(dir), 'README.md');
  return {
    dir,
    start,
    setupScript: join(dir, 'setup-worktrees.sh'),
    cleanupScript: join(dir, 'cleanup-worktrees.sh'),
    agentAPrompt: join(dir, 'agent-a-prompt.md'),
    agentBPrompt: join(dir, 'agent-b-prompt.md'),
    moduleText: existsSync(moduleText) ? moduleText : undefined,
  };
}
