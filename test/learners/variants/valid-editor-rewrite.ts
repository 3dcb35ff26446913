import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits } from '../../../src/lab/agent-plan.js';
import { defaultLabDir } from '../../../src/lab/lab-folder.js';
import { write } from '../../../src/scenario/steps.js';
import { ALL_PASS, CLONE_OF_FINISHED, defineLearnerVariant } from './support/define-learner-variant.js';
import { A, B, concludeMerge, labRoad, mergeConflicting, mergeFastForward, REPO } from './support/segments.js';

/** cli.py as a learner types it in an editor: both commands, remaining listed and dispatched before wipe. */
function rewrittenCli(): string {
  const startCli = readFileSync(join(defaultLabDir(), 'start', 'cli.py'), 'utf8');
  const both = applyEdits('cli.py', startCli, [...B.edits, ...A.edits]);
  if (both.missing !== undefined) throw new Error(`cli.py has no text ${JSON.stringify(both.missing.find)}`);
  return both.text;
}

export default defineLearnerVariant({
  name: 'valid-editor-rewrite',
  road: 'valid',
  summary: 'The conflict resolved by rewriting the whole cli.py in an editor (remaining before wipe), not by deleting marker lines.',
  steps: labRoad({ merge: [mergeFastForward(A), mergeConflicting(B), write('rewrite cli.py in an editor, keeping both commands', `${REPO}/cli.py`, rewrittenCli()), ...concludeMerge()] }),
  expect: { verdicts: ALL_PASS, failingChecks: [], stage: 'cleaned', exitCode: 0, clone: { verdicts: CLONE_OF_FINISHED, exitCode: 0 } },
});
