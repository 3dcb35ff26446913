import { readFile } from 'node:fs/promises';
import { loadAgentPlan } from '../../src/lab/agent-plan.js';
import { check, edit, git } from '../../src/scenario/steps.js';
import type { Step } from '../../src/scenario/types.js';
import { conflictMarkers } from './files.js';

const SIDE_B = loadAgentPlan('remaining').edits.filter((change) => change.file === 'cli.py');

/** Resolves the `cli.py` conflict of the second merge by keeping both: main's side plus agent B's edits. */
export function resolveKeepingBoth(repo = 'tasks-app'): Step[] {
  return [
    git('take main\'s side of cli.py', repo, ['checkout', '--ours', 'cli.py']),
    edit('add agent B\'s remaining command on top', `${repo}/cli.py`, SIDE_B),
    check('no conflict markers left in cli.py', async (context) =>
      conflictMarkers('cli.py', await readFile(context.path(`${repo}/cli.py`), 'utf8')),
    ),
    git('mark cli.py resolved', repo, ['add', 'cli.py']),
    git('conclude the merge', repo, ['commit', '--no-edit']),
  ];
}
