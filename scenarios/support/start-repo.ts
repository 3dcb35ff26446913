import { copyStart, git, idSteps } from '../../src/scenario/steps.js';
import type { Step } from '../../src/scenario/types.js';
import { MAIN, REPO } from './names.js';

const START: readonly Step[] = idSteps({
  'copy-start': copyStart(REPO),
  'init-repo': git('init the repo on main', REPO, ['init', '-b', MAIN]),
  'stage-snapshot': git('stage the snapshot', REPO, ['add', '-A']),
  'first-commit': git('first commit', REPO, ['commit', '-m', 'start: module 7']),
});

/**
 * The lab's starting point, without the bottleneck demo: the start snapshot copied into the learner's folder, a
 * repository on main with one commit. Every call hands out the same Step objects (steps are never changed), so roads
 * that begin with it share those steps by identity (a test run builds such a prefix once and goes on from copies).
 */
export function startRepo(): Step[] {
  return [...START];
}
