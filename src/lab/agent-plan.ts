import { join } from 'node:path';
import { fixturesDir } from '../paths/package-root.js';

/** The command a simulated agent adds to the app; also how `play-agent.py` is told what to do. */
export type AgentName = 'wipe' | 'remaining';

/** A wrong way `play-agent.py --bug` adds a command, for roads where an agent's mistake gets through. */
export type AgentBug = 'remaining-counts-done' | 'wipe-keeps-tasks';

/** What one simulated agent does: the command it adds, on its branch, in its worktree folder, committed with its message. */
export interface AgentPlan {
  /** `A` or `B`, as the lab calls the two sessions. */
  readonly agent: string;
  readonly command: AgentName;
  readonly branch: string;
  /** The worktree folder's name, a sibling of the main folder. */
  readonly worktree: string;
  readonly message: string;
}

/** The exit code `play-agent.py` uses when the app lacks the module's shape (its one stderr line starts with APP_SHAPE_PREFIX). */
export const APP_SHAPE_EXIT = 3;

/** How `play-agent.py` starts the one line naming what the app lacks. */
export const APP_SHAPE_PREFIX = 'app shape: ';

/**
 * Python's flags for wtlab's own scripts (the simulated agents), never for the learner's app: they use the standard
 * library only, so `-S` skips site-packages, whose `.pth` hooks run at every start (this machine's pyenv Python imports
 * certifi through one: 42 ms a start against 13 ms with -S, `python3 -c 0` under /usr/bin/time).
 */
export const OWN_SCRIPT_FLAGS: readonly string[] = ['-S'];

/** The script that plays an agent as a real process: `python3 -S play-agent.py COMMAND FOLDER [--pause S] [--only FILE] [--check] [--bug BUG]`. */
export function agentPlayer(): string {
  return join(fixturesDir(), 'agents', 'play-agent.py');
}
