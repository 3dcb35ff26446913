import { readFile, writeFile } from 'node:fs/promises';
import { check } from '../../../src/scenario/steps.js';
import { CLONE_OF_FINISHED, defineLearnerVariant, verdicts } from './support/define-learner-variant.js';
import { A, B, concludeMerge, labRoad, mergeConflicting, mergeFastForward, REPO } from './support/segments.js';

export default defineLearnerVariant({
  name: 'valid-marker-lines-deleted',
  road: 'valid',
  summary:
    'The conflict "resolved" by deleting only the marker lines: both USAGE lines stay and the second wins, so usage no longer names wipe; every command works, and the lab never asks for the usage line (a note, no points lost).',
  steps: labRoad({
    merge: [
      mergeFastForward(A),
      mergeConflicting(B),
      check('delete the marker lines of cli.py and keep everything else', async (context) => {
        const file = context.path(`${REPO}/cli.py`);
        const text = await readFile(file, 'utf8');
        const kept = text.split('\n').filter((line) => !/^(<{7}|={7}|>{7})( |$)/.test(line));
        await writeFile(file, kept.join('\n'));
        return kept.length < text.split('\n').length ? [] : ['cli.py had no marker lines to delete'];
      }),
      ...concludeMerge(),
    ],
  }),
  expect: {
    verdicts: verdicts({}),
    failingChecks: [],
    stage: 'cleaned',
    exitCode: 0,
    clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 },
  },
});
