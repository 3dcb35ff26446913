import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../cli/user-error.js';

/**
 * Refuses a shallow repository (git keeps the cut-off commits in `<git dir>/shallow`): with part of the history
 * missing, feature branches, merge bases and merges cannot be judged, and the learner would be blamed for the
 * CI's checkout. Throws a UserError (exit 2) saying how to fetch the whole history.
 */
export function refuseShallow(gitDir: string, source: string): void {
  if (!existsSync(join(gitDir, 'shallow'))) return;
  throw new UserError(
    'SHALLOW_CLONE',
    `${source} is a shallow clone (only part of its history was fetched), so its branches and merges cannot be graded. Fetch the whole history: git -C ${source} fetch --unshallow (in GitHub Actions: actions/checkout with fetch-depth: 0)`,
  );
}
