import { CLI } from './names.js';

/** A git command the lab uses, the first git release that has it (from git's release notes), and how to probe for it. */
export interface CommandFirstVersion {
  readonly command: string;
  readonly since: string;
  /** Release notes entry the version comes from. */
  readonly source: string;
  /** git arguments that succeed (exit 0) only where the command exists; run in a repository with one commit. */
  readonly probe: readonly string[];
}

/** The lab's commands and their first versions; the highest `since` is what the lab really needs. */
export const LAB_COMMANDS: readonly CommandFirstVersion[] = [
  { command: 'git worktree add', since: '2.5', source: 'RelNotes 2.5.0: new "git worktree" command', probe: ['worktree', 'add', '--detach', '../probe-add'] },
  { command: 'git worktree prune', since: '2.5', source: 'RelNotes 2.5.0', probe: ['worktree', 'prune'] },
  { command: 'git worktree list --porcelain', since: '2.7', source: 'RelNotes 2.7.0: "git worktree list"', probe: ['worktree', 'list', '--porcelain'] },
  { command: 'git worktree remove', since: '2.17', source: 'RelNotes 2.17.0: "git worktree move/remove"', probe: ['worktree', 'remove', '../probe-add'] },
  { command: 'git switch', since: '2.23', source: 'RelNotes 2.23.0: experimental "git switch" and "git restore"', probe: ['switch', '--detach', 'HEAD'] },
  { command: 'git restore', since: '2.23', source: 'RelNotes 2.23.0', probe: ['restore', '--source=HEAD', CLI] },
  { command: 'git init -b', since: '2.28', source: 'RelNotes 2.28.0: "git init --initial-branch"', probe: ['init', '-b', 'probe', '../probe-init'] },
];

/** Commands the "where it breaks" part of the module relies on, for the record (not needed to do the lab itself). */
export const BREAKS_COMMANDS: readonly CommandFirstVersion[] = [
  { command: 'git worktree repair', since: '2.29', source: 'RelNotes 2.29.0: "git worktree repair"', probe: ['worktree', 'repair'] },
];
