import type { AppCommandRun, Evidence } from '../src/evidence/types.js';
import { EnvironmentError } from '../src/grade/environment-error.js';
import { defineCriterion, fail, pass, skip, type CheckOutcome } from '../src/grade/define-criterion.js';
import { mainHasFeature, missingLocal, tipInMain } from './support/lab-facts.js';
import { FEATURES, GRADE_FOLDER, REMAINING, WIPE, type Feature } from './lab.js';

function mainExists(evidence: Evidence): CheckOutcome {
  if (evidence.mainBranch === undefined) return fail('The repository has no main branch.', 'Create it from your start commit: git branch main <start-commit> && git switch main');
  return pass(`The repository has a ${evidence.mainBranch} branch.`);
}

function featureInMain(feature: Feature): (evidence: Evidence) => CheckOutcome {
  return (evidence) => {
    if (!mainHasFeature(evidence, feature)) {
      return fail(`${evidence.mainBranch}'s cli.py has no ${feature.command} command: ${feature.branch} is not in ${evidence.mainBranch}.`, `Merge it from the main folder: git merge ${feature.branch}`);
    }
    const how = tipInMain(evidence, feature) ? `${feature.branch}'s last commit is in ${evidence.mainBranch}'s history (merge or fast-forward)` : `${evidence.mainBranch} has the ${feature.command} code (rebased or squashed in)`;
    return pass(`${evidence.mainBranch} has the ${feature.command} command.`, how);
  };
}

function noMergeInProgress(evidence: Evidence): CheckOutcome {
  if (evidence.local === undefined) return skip(`Whether a merge is stopped half-way cannot be seen: ${missingLocal(evidence)}.`, `Grade the folder itself: ${GRADE_FOLDER}`);
  if (evidence.local.mergeHead !== undefined) {
    return fail('A merge is stopped half-way (MERGE_HEAD exists): the conflict is not concluded.', 'Keep both commands in cli.py, then conclude: git add cli.py && git commit --no-edit', `MERGE_HEAD ${evidence.local.mergeHead}`, { file: 'cli.py' });
  }
  return pass('No merge is left half-way.');
}

function noConflictMarkers(evidence: Evidence): CheckOutcome {
  const markers = evidence.conflictMarkers;
  const first = markers[0];
  if (first === undefined) return pass('No tracked file has conflict markers.');
  const where = first.where === 'commit' ? `committed on ${evidence.mainBranch}` : 'in the main folder';
  return fail(
    `${first.file}:${first.line} has a conflict marker (${where}).`,
    `Edit ${first.file} to keep both sides and delete the marker lines, then: git add ${first.file} && git commit`,
    markers.slice(0, 6).map((marker) => `${marker.file}:${marker.line} [${marker.where}] ${marker.text}`).join('\n'),
    { file: first.file, line: first.line },
  );
}

/** The last line of a Python traceback, e.g. `SyntaxError: expected ':'`. */
function lastErrorLine(stderr: string): string {
  return stderr.trim().split('\n').pop()?.trim() ?? '';
}

function appRan(evidence: Evidence): CheckOutcome {
  if (evidence.app.environmentProblem !== undefined) throw new EnvironmentError(`${evidence.app.environmentProblem}.`, 'Install python3 3.10+ where wtlab runs, then grade again: wtlab grade <submission>');
  if (!evidence.app.ran) return fail(`The app on ${evidence.mainBranch ?? 'main'} could not be run: ${evidence.app.reason ?? 'unknown reason'}.`, 'Check that it runs from the main folder: python3 cli.py list');
  // Every command ending in a Python traceback, the usage line included, means cli.py cannot even start (a syntax or import error).
  const runs = evidence.app.runs;
  if (runs.length > 0 && runs.every((result) => result.exitCode !== 0 && result.stderr.includes('Traceback (most recent call last)'))) {
    const usage = run(evidence, 'usage') ?? runs[0];
    return fail(
      `The app on ${evidence.mainBranch} crashes before any command runs: ${lastErrorLine(usage?.stderr ?? '')}.`,
      'Run it in the main folder to see where, fix cli.py and commit: python3 cli.py list',
      usage?.stderr.trim().split('\n').slice(-4).join('\n'),
      { file: 'cli.py' },
    );
  }
  return pass(`The app on ${evidence.mainBranch} runs.`);
}

function run(evidence: Evidence, name: string): AppCommandRun | undefined {
  return evidence.app.runs.find((candidate) => candidate.name === name);
}

function show(result: AppCommandRun | undefined): string {
  if (result === undefined) return '(not run)';
  const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-3).join(' / ');
  return `$ ${['python3', 'cli.py', ...result.args].join(' ')} -> exit ${result.exitCode}${result.timedOut ? ' (timed out)' : ''}: ${output}`;
}

interface Expectation {
  readonly name: string;
  readonly stdout: RegExp;
  readonly not?: RegExp;
}

function judge(evidence: Evidence, expectations: readonly Expectation[], label: string, hint: string): CheckOutcome {
  for (const expectation of expectations) {
    const result = run(evidence, expectation.name);
    const ok = result !== undefined && !result.timedOut && result.exitCode === 0 && expectation.stdout.test(result.stdout) && !(expectation.not?.test(result.stdout) ?? false);
    if (!ok) return fail(`On ${evidence.mainBranch}, ${label}: python3 cli.py ${result?.args.join(' ') ?? expectation.name} gave the wrong result.`, hint, show(result), { file: 'cli.py' });
  }
  return pass(`On ${evidence.mainBranch}, ${label}: as expected.`, expectations.map((expectation) => show(run(evidence, expectation.name))).join('\n'));
}

function oldCommandsWork(evidence: Evidence): CheckOutcome {
  return judge(
    evidence,
    [
      { name: 'list-empty', stdout: /no tasks/ },
      { name: 'add', stdout: /added: write report/ },
      { name: 'done', stdout: /done: 1/ },
      { name: 'list', stdout: /1\. \[x\] write report[\s\S]*2\. \[ \] review diff/ },
      { name: 'count', stdout: /\b2 tasks\b/ },
      { name: 'delete', stdout: /deleted: review diff/ },
    ],
    'add, list, done, count and delete',
    'Compare cli.py with the start version and restore what the merge broke: git diff HEAD~2 -- cli.py',
  );
}

function wipeWorks(evidence: Evidence): CheckOutcome {
  return judge(
    evidence,
    [
      { name: 'wipe', stdout: /\S/ },
      { name: 'list-after-wipe', stdout: /no tasks/, not: /\[.\]/ },
    ],
    'wipe (empties the list and confirms)',
    `Bring back agent A's code from its branch: git diff ${evidence.mainBranch} ${WIPE.branch} -- cli.py tasks.py`,
  );
}

function remainingWorks(evidence: Evidence): CheckOutcome {
  return judge(
    evidence,
    [
      { name: 'remaining', stdout: /^1 pending\s*$/ },
      { name: 'remaining-after-wipe', stdout: /^0 pending\s*$/ },
    ],
    'remaining (prints N pending)',
    `Bring back agent B's code from its branch: git diff ${evidence.mainBranch} ${REMAINING.branch} -- cli.py`,
  );
}

function usageNamesBoth(evidence: Evidence): CheckOutcome {
  const usage = run(evidence, 'usage');
  const text = `${usage?.stdout ?? ''}${usage?.stderr ?? ''}`;
  const missing = ['add', 'list', 'done', 'count', 'delete', ...FEATURES.map((feature) => feature.command)].filter((command) => !new RegExp(`\\b${command}\\b`).test(text));
  if (missing.length > 0) {
    return fail(`The usage line does not name ${missing.join(', ')}.`, 'Keep both sides on the USAGE line in cli.py, e.g. "... | done <index> | wipe | remaining | count | delete <index>"', show(usage), { file: 'cli.py' });
  }
  return pass('The usage line names every command, wipe and remaining included.', show(usage));
}

export default defineCriterion({
  id: 'merged',
  title: 'Both features merged into main, conflict resolved, the app working',
  points: 20,
  checks: [
    { id: 'main-branch', title: 'The repository has a main branch', run: mainExists },
    { id: 'wipe-in-main', title: 'feature/wipe is in main', dependsOn: ['main-branch'], run: featureInMain(WIPE) },
    { id: 'remaining-in-main', title: 'feature/remaining is in main', dependsOn: ['main-branch'], run: featureInMain(REMAINING) },
    { id: 'no-merge-in-progress', title: 'No merge is stopped half-way', run: noMergeInProgress },
    { id: 'no-conflict-markers', title: 'No conflict markers in tracked files', run: noConflictMarkers },
    { id: 'app-runs', title: 'The app on main runs', dependsOn: ['main-branch'], run: appRan },
    { id: 'old-commands-work', title: 'add, list, done, count and delete still work', dependsOn: ['app-runs'], run: oldCommandsWork },
    { id: 'wipe-works', title: 'wipe empties the list', dependsOn: ['app-runs', 'wipe-in-main'], run: wipeWorks },
    { id: 'remaining-works', title: 'remaining prints the pending count', dependsOn: ['app-runs', 'remaining-in-main'], run: remainingWorks },
    { id: 'usage-names-both', title: 'The usage line names both new commands', dependsOn: ['app-runs'], run: usageNamesBoth },
  ],
});
