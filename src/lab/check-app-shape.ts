import { locateExecutable } from '../process/locate-executable.js';
import { resolvePython } from '../process/resolve-python.js';
import { runProcess } from '../process/run-process.js';
import { agentPlayer, APP_SHAPE_EXIT, APP_SHAPE_PREFIX, OWN_SCRIPT_FLAGS } from './agent-plan.js';
import type { LabFolder } from './lab-folder.js';

/**
 * Reads the lab's start snapshot the way the simulated agents do (Python's `ast`, nothing is run)
 * and returns the one line naming what it lacks of the module's shape (a `TaskList` with
 * `pending()` in tasks.py, a dispatch on the command name in cli.py, a usage text naming
 * `done <index>`), or undefined when the agents can work on it. The reading is the agents' own
 * (`play-agent.py --check`), so this check and the agents hold one rule of what a dispatch is.
 * Throws when python3 is missing.
 */
export async function checkAppShape(lab: LabFolder): Promise<string | undefined> {
  if (locateExecutable('python3') === undefined) throw new Error('python3 is not on PATH; the simulated agents need it');
  const result = await runProcess([await resolvePython(process.env.PATH ?? ''), ...OWN_SCRIPT_FLAGS, agentPlayer(), 'wipe', lab.start, '--check'], {
    cwd: lab.start,
    env: { PATH: process.env.PATH ?? '', LC_ALL: 'C.UTF-8', PYTHONDONTWRITEBYTECODE: '1' },
    timeoutMs: 30_000,
  });
  if (result.exitCode === 0) return undefined;
  const line = result.stderr.split('\n').find((text) => text.startsWith(APP_SHAPE_PREFIX));
  if (result.exitCode === APP_SHAPE_EXIT && line !== undefined) return `start/${line.slice(APP_SHAPE_PREFIX.length)}`;
  throw new Error(`the agent player failed on ${lab.start} (exit ${result.exitCode}): ${result.stderr.trim()}`);
}
