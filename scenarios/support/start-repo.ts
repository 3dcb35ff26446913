import { copyStart, git, idSteps } from '../../src/scenario/steps.js';
import type { Step } from '../../src/scenario/types.js';
import { MAIN, REPO } from './names.js';

/** The lab's starting point: the start snapshot in `repo`, a repository on `main` with one commit. */
export function startRepo(repo = REPO): Step[] {
  return idSteps({
    'copy-start': copyStart(repo),
    'init-repo': git('init the repo on main', repo, ['init', '-b', MAIN]),
    'stage-snapshot': git('stage the snapshot', repo, ['add', '-A']),
    'first-commit': git('first commit', repo, ['commit', '-m', 'start: module 7']),
  });
}
