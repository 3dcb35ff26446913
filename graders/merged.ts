import type { AppCommandRun, Evidence } from '../src/evidence/types.js';
import { EnvironmentError } from '../src/errors/environment-error.js';
import { defineCriterion, fail, pass, skip, type CheckOutcome } from '../src/grade/define-criterion.js';
import { mainHasFeature, mergedButDropped, missingLocal, reapplyFeature, tipInMain } from './support/lab-facts.js';
import { short } from '../src/evidence/commit-graph.js';
import { APP_ENTRY, APP_MODULE, GRADE_FOLDER, NEW_COMMANDS, REMAINING, WIPE, type Feature } from './lab.js';
import { FIRST_NEW_STATE_STEP, indexBase, REMAINING_STATES, runNamed } from './support/app-script.js';
import { commandLine, describeRun, difference, sameBehaviour } from './support/compare-runs.js';
import { pendingAfterWipe, pendingInList } from './support/pending-tasks.js';

function mainExists(evidence: Evidence): CheckOutcome {
  if (evidence.mainBranch === undefined)
    return fail({ message: 'The repository has no main branch.', hint: 'Create it from your start commit: git branch main <start-commit> && git switch main' });
  return pass({ message: `The repository has a ${evidence.mainBranch} branch.` });
}

function featureInMain(feature: Feature): (evidence: Evidence) => CheckOutcome {
  return (evidence) => {
    if (!mainHasFeature(evidence, feature)) {
      if (mergedButDropped(evidence, feature)) {
        return fail({
          message: `${evidence.mainBranch}'s ${APP_ENTRY} has no ${feature.command} command, although ${feature.branch} is merged: its code was dropped while resolving the conflict.`,
          hint: `Apply its change again from the main folder: ${reapplyFeature(evidence, feature)}`,
        });
      }
      return fail({
        message: `${evidence.mainBranch}'s ${APP_ENTRY} has no ${feature.command} command: ${feature.branch} is not in ${evidence.mainBranch}.`,
        hint: `Merge it from the main folder: git merge ${feature.branch}`,
      });
    }
    const how = tipInMain(evidence, feature)
      ? `${feature.branch}'s last commit is in ${evidence.mainBranch}'s history (merge or fast-forward)`
      : `${evidence.mainBranch} has the ${feature.command} code (rebased or squashed in)`;
    return pass({ message: `${evidence.mainBranch} has the ${feature.command} command.`, evidence: how });
  };
}

function noMergeInProgress(evidence: Evidence): CheckOutcome {
  if (evidence.local === undefined)
    return skip({
      message: `Whether a merge is stopped half-way cannot be seen: ${missingLocal(evidence)}.`,
      hint: `Grade the folder itself: ${GRADE_FOLDER}`,
    });
  if (evidence.local.mergeHead !== undefined) {
    return fail({
      message: 'A merge is stopped half-way (MERGE_HEAD exists): the conflict is not concluded.',
      hint: 'Keep both commands in cli.py, then conclude: git add cli.py && git commit --no-edit',
      evidence: `MERGE_HEAD ${evidence.local.mergeHead}`,
      file: 'cli.py',
    });
  }
  return pass({ message: 'No merge is left half-way.' });
}

function noConflictMarkers(evidence: Evidence): CheckOutcome {
  const markers = evidence.conflictMarkers;
  const first = markers[0];
  if (first === undefined) return pass({ message: 'No tracked file has conflict markers.' });
  const where = first.where === 'commit' ? `committed on ${evidence.mainBranch}` : 'in the main folder';
  return fail({
    message: `${first.file}:${first.line} has a conflict marker (${where}).`,
    hint: `Edit ${first.file} to keep both sides and delete the marker lines, then: git add ${first.file} && git commit`,
    evidence: markers
      .slice(0, 6)
      .map((marker) => `${marker.file}:${marker.line} [${marker.where}] ${marker.text}`)
      .join('\n'),
    file: first.file,
    line: first.line,
  });
}

/** The last line of a Python traceback, e.g. `SyntaxError: expected ':'`. */
function lastErrorLine(stderr: string): string {
  return stderr.trim().split('\n').pop()?.trim() ?? '';
}

/** A note, never a failure, when the usage text leaves out a new command: the lab does not ask for it. */
function usageNote(evidence: Evidence): string {
  const usage = run(evidence, 'usage');
  const text = `${usage?.stdout ?? ''}${usage?.stderr ?? ''}`;
  const missing = NEW_COMMANDS.filter((command) => !new RegExp(`\\b${command}\\b`).test(text));
  return missing.length === 0 ? '' : ` Note: its usage text does not name ${missing.join(' or ')} (the lab does not ask for it; no points depend on it).`;
}

function appRan(evidence: Evidence): CheckOutcome {
  if (evidence.app.environmentProblem !== undefined)
    throw new EnvironmentError(`${evidence.app.environmentProblem}.`, 'Install python3 3.10+ where wtlab runs, then grade again: wtlab grade <submission>');
  if (!evidence.app.ran)
    return fail({
      message: `The app on ${evidence.mainBranch ?? 'main'} could not be run: ${evidence.app.reason ?? 'unknown reason'}.`,
      hint: 'Check that it runs from the main folder: python3 cli.py list',
    });
  // Every command ending in a Python traceback, the usage line included, means cli.py cannot even start (a syntax or import error).
  const runs = evidence.app.runs;
  if (runs.length > 0 && runs.every((result) => result.exitCode !== 0 && result.stderr.includes('Traceback (most recent call last)'))) {
    const usage = run(evidence, 'usage') ?? runs[0];
    return fail({
      message: `The app on ${evidence.mainBranch} crashes before any command runs: ${lastErrorLine(usage?.stderr ?? '')}.`,
      hint: 'Run it in the main folder to see where, fix cli.py and commit: python3 cli.py list',
      evidence: usage?.stderr.trim().split('\n').slice(-4).join('\n'),
      file: 'cli.py',
    });
  }
  return pass({ message: `The app on ${evidence.mainBranch} runs.${usageNote(evidence)}` });
}

function run(evidence: Evidence, name: string): AppCommandRun | undefined {
  return runNamed(evidence.app.runs, name);
}

function show(result: AppCommandRun | undefined): string {
  if (result === undefined) return '(not run)';
  return `$ ${commandLine(result)} -> ${describeRun(result)}`;
}

/** The start's runs, when the start was found and its app ran. */
function startRuns(evidence: Evidence): readonly AppCommandRun[] | undefined {
  return evidence.start?.app.ran === true ? evidence.start.app.runs : undefined;
}

/** The script's steps that use the old commands, in order, up to the first step about the new ones. */
function oldCommandSteps(evidence: Evidence): AppCommandRun[] {
  const runs = evidence.app.runs;
  const stop = runs.findIndex((result) => result.name === FIRST_NEW_STATE_STEP);
  const before = stop === -1 ? runs : runs.slice(0, stop);
  return before.filter((result) => result.args.length > 0 && !NEW_COMMANDS.includes(result.args[0] as string));
}

/** The commands run before a step, to say in which state it ran (`after add, add, done 1`). */
function stateBefore(evidence: Evidence, name: string): string {
  const runs = evidence.app.runs;
  const at = runs.findIndex((result) => result.name === name);
  const changing = runs.slice(0, at).filter((result) => result.args.length > 0 && !['list', 'count', ...NEW_COMMANDS].includes(result.args[0] as string));
  return changing.length === 0 ? 'on an empty list' : `after ${changing.map((result) => result.args.slice(0, 2).join(' ')).join(', ')}`;
}

function oldCommandsWork(evidence: Evidence): CheckOutcome {
  const main = evidence.mainBranch ?? 'main';
  if (evidence.start === undefined)
    return skip({
      message: `No start commit could be told on ${main} (its first commit already has wipe or remaining), so the old commands are not compared.`,
      hint: `Keep the start snapshot as its own first commit next time: git log --oneline --first-parent ${main}`,
    });
  const before = startRuns(evidence);
  const at = short(evidence.start.commit);
  if (before === undefined)
    return skip({
      message: `Your start ${at} could not be run (${evidence.start.app.reason ?? 'unknown reason'}), so the old commands are not compared with it.`,
      hint: `Check that the start runs: git switch --detach ${at} && python3 ${APP_ENTRY} list, then git switch ${main}`,
    });
  const changed = oldCommandSteps(evidence).flatMap((now) => {
    const then = runNamed(before, now.name);
    return then !== undefined && !sameBehaviour(then, now) ? [{ then, now }] : [];
  });
  const first = changed[0];
  const compared = oldCommandSteps(evidence).length;
  if (first === undefined) {
    const commands = [...new Set(oldCommandSteps(evidence).map((result) => result.args[0]))].join(', ');
    const base = indexBase(before);
    const counting = base === undefined ? '' : `; your app counts tasks from ${base}`;
    return pass({
      message: `On ${main}, ${commands} behave exactly as at your start ${at} (${compared} runs compared${counting}).`,
      evidence: oldCommandSteps(evidence).map(show).join('\n'),
    });
  }
  const command = first.now.args[0] as string;
  const names = [...new Set(changed.map((pair) => pair.now.args[0]))].join(', ');
  return fail({
    message: `On ${main}, ${command} no longer behaves as at your start ${at}: ${difference(first.then, first.now)} (${commandLine(first.now)}, ${stateBefore(evidence, first.now.name)}).${changed.length > 1 ? ` Changed: ${names}.` : ''}`,
    hint: `See what the merge changed in the app since your start, and restore ${command}: git diff ${at} ${main} -- ${APP_ENTRY} ${APP_MODULE}`,
    evidence: changed
      .slice(0, 4)
      .map(({ then, now }) => `$ ${commandLine(now)} (${stateBefore(evidence, now.name)})\n  start ${at}: ${describeRun(then)}\n  ${main}: ${describeRun(now)}`)
      .join('\n'),
    file: APP_ENTRY,
  });
}

function wipeWorks(evidence: Evidence): CheckOutcome {
  const main = evidence.mainBranch ?? 'main';
  const hint = `Bring back agent ${WIPE.agent}'s code from its branch: git diff ${main} ${WIPE.branch} -- ${APP_ENTRY} ${APP_MODULE}`;
  const wipe = run(evidence, 'wipe');
  if (wipe === undefined || wipe.timedOut || wipe.exitCode !== 0 || wipe.stdout.trim() === '') {
    return fail({
      message: `On ${main}, ${commandLine({ args: [WIPE.command] })} does not exit 0 with a confirmation.`,
      hint,
      evidence: show(wipe),
      file: APP_ENTRY,
    });
  }
  const empty = runNamed(startRuns(evidence) ?? evidence.app.runs, 'list-empty');
  const after = run(evidence, 'list-after-wipe');
  const whose = startRuns(evidence) === undefined ? 'the app' : 'your start';
  if (after === undefined || empty === undefined || !sameBehaviour(after, empty)) {
    return fail({
      message: `On ${main}, ${WIPE.command} leaves the list not empty: ${commandLine({ args: ['list'] })} afterwards does not print what ${whose} prints for an empty list.`,
      hint,
      evidence: `${show(wipe)}\n${show(after)}\nempty list (${whose}): ${describeRun(empty)}`,
      file: APP_ENTRY,
    });
  }
  return pass({ message: `On ${main}, ${WIPE.command} confirms and empties the list.`, evidence: `${show(wipe)}\n${show(after)}` });
}

/** One integer in a text, or why not. */
function oneInteger(text: string): number | string {
  const found = text.match(/-?\d+/g) ?? [];
  if (found.length === 1) return Number(found[0]);
  return found.length === 0 ? 'no number' : `${found.length} numbers`;
}

function remainingWorks(evidence: Evidence): CheckOutcome {
  const main = evidence.mainBranch ?? 'main';
  const hint = `Bring back agent ${REMAINING.agent}'s code from its branch: git diff ${main} ${REMAINING.branch} -- ${APP_ENTRY} ${APP_MODULE}`;
  const before = startRuns(evidence);
  const empty = runNamed(before ?? evidence.app.runs, 'list-empty');
  const checked: string[] = [];
  for (const state of REMAINING_STATES) {
    const pending =
      state.list === 'list-after-wipe'
        ? pendingAfterWipe(evidence.app.runs, empty)
        : (pendingInList(evidence.app.runs, state.list) ?? (before === undefined ? undefined : pendingInList(before, state.list)));
    if (pending === undefined) continue;
    const result = run(evidence, state.remaining);
    const printed = result === undefined || result.timedOut || result.exitCode !== 0 ? undefined : oneInteger(result.stdout);
    if (printed !== pending) {
      const what =
        result === undefined
          ? 'was not run'
          : result.timedOut
            ? 'does not finish (timed out)'
            : printed === undefined
              ? `exits ${result.exitCode}`
              : `prints ${printed}`;
      return fail({
        message: `On ${main}, ${commandLine({ args: [REMAINING.command] })} ${state.state} ${what}, but ${pending} task(s) are pending (as ${commandLine({ args: ['list'] })} shows).`,
        hint,
        evidence: `${show(result)}\n${show(run(evidence, state.list))}`,
        file: APP_ENTRY,
      });
    }
    checked.push(`${state.state}: ${show(result)}`);
  }
  if (checked.length < 3) {
    return fail({
      message: `On ${main}, the pending tasks could not be read from ${commandLine({ args: ['list'] })} in enough states (${checked.length} of ${REMAINING_STATES.length}), so ${REMAINING.command} cannot be checked.`,
      hint: `Check that list shows each task on its own line: python3 ${APP_ENTRY} list`,
      evidence: show(run(evidence, 'list-fresh')),
      file: APP_ENTRY,
    });
  }
  return pass({ message: `On ${main}, ${REMAINING.command} prints the number of pending tasks in ${checked.length} states.`, evidence: checked.join('\n') });
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
    { id: 'old-commands-work', title: 'Every command of your start behaves as it did there', dependsOn: ['app-runs'], run: oldCommandsWork },
    { id: 'wipe-works', title: 'wipe empties the list', dependsOn: ['app-runs', 'wipe-in-main'], run: wipeWorks },
    { id: 'remaining-works', title: 'remaining prints the pending count', dependsOn: ['app-runs', 'remaining-in-main'], run: remainingWorks },
  ],
});
