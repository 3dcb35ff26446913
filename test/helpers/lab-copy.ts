import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLabDir } from '../../src/lab/lab-folder.js';

export interface LabCopy {
  /** The copied lab folder (`<module>/lab`). */
  readonly lab: string;
  /** The module folder holding `lab/` and `README.md`. */
  readonly module: string;
  remove(): void;
}

/** A cleanup script that removes both worktrees with --force and says nothing, as a careless lab (the course's, per issue 12) does. */
export const DISCARDING_CLEANUP = `#!/usr/bin/env bash
# Removes the two lab worktrees and prunes.
main=$(git worktree list --porcelain | sed -n '1s/^worktree //p')
for dir in "$(dirname "$main")/tasks-app-wipe" "$(dirname "$main")/tasks-app-remaining"; do
  git -C "$main" worktree remove --force "$dir" 2>/dev/null
done
git -C "$main" worktree prune
exit 0
`;

export interface CopyLabOptions {
  /** The module text written as `../README.md`. */
  readonly readme?: string;
  /** Files written into the lab folder (`start/cli.py` reaches into the snapshot), mode 755. */
  readonly files?: Readonly<Record<string, string>>;
  /** A start snapshot folder used as `start/` instead of ours. */
  readonly start?: string;
}

/** Copies our lab folder into a temp module folder, with the given module text as its `../README.md`, another start snapshot and script overrides. */
export function copyLab(options: CopyLabOptions = {}): LabCopy {
  const module = mkdtempSync(join(tmpdir(), 'wtlab-module-'));
  const lab = join(module, 'lab');
  cpSync(defaultLabDir(), lab, { recursive: true });
  if (options.start !== undefined) {
    rmSync(join(lab, 'start'), { recursive: true, force: true });
    cpSync(options.start, join(lab, 'start'), { recursive: true });
  }
  if (options.readme !== undefined) writeFileSync(join(module, 'README.md'), options.readme);
  for (const [name, content] of Object.entries(options.files ?? {})) writeFileSync(join(lab, name), content, { mode: 0o755 });
  return { lab, module, remove: () => rmSync(module, { recursive: true, force: true }) };
}
