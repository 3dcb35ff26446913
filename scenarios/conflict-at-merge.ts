import { readFile } from 'node:fs/promises';
import { defineScenario } from '../src/scenario/define-scenario.js';
import { agent, check, git, idSteps, parallel } from '../src/scenario/steps.js';
import { A, B } from './support/agents.js';
import { conflictMarkers, expectPresent } from './support/files.js';
import { resolveKeepingBoth } from './support/merge-steps.js';
import { startRepo } from './support/start-repo.js';
import { CLI, MAIN, REPO } from './support/names.js';

/** The usage text's line, found as the module's own sed finds it: the first line naming `done <index>`. */
const USAGE_LINE = /^.*done <index>.*$/m;

export default defineScenario({
  name: 'conflict-at-merge',
  summary: 'Two agents editing the same lines commit cleanly in their own worktrees at the same time; the conflict waits for the merge.',
  steps: [
    ...startRepo(),
    ...idSteps({
      'worktree-a': git('worktree for agent A', REPO, ['worktree', 'add', `../${A.worktree}`, '-b', A.branch]),
      'worktree-b': git('worktree for agent B', REPO, ['worktree', 'add', `../${B.worktree}`, '-b', B.branch]),
      'agents-at-once': parallel('agents A and B edit at the same time', [
        agent('agent A adds wipe', A.command, A.worktree),
        agent('agent B adds remaining', B.command, B.worktree),
      ]),
      'same-usage-line': check('both agents changed the same usage line', async (context) => {
        const lines = await Promise.all(
          [A.worktree, B.worktree, REPO].map(async (folder) => USAGE_LINE.exec(await readFile(context.path(`${folder}/${CLI}`), 'utf8'))?.[0]),
        );
        const [wipe, remaining, base] = lines;
        const failures: string[] = [];
        if (wipe === base || remaining === base) failures.push(`an agent left the usage line as it was: ${base}`);
        if (wipe === remaining) failures.push('both agents wrote the same usage line, so there is nothing to conflict');
        return failures;
      }),
      'commit-at-once': parallel('both commit at the same time, each in its own worktree', [
        git('agent A commits', A.worktree, ['commit', '-am', A.message], { expect: { output: { not: /CONFLICT|error|fatal/ } } }),
        git('agent B commits', B.worktree, ['commit', '-am', B.message], { expect: { output: { not: /CONFLICT|error|fatal/ } } }),
      ]),
      'clean-a': git('worktree A is clean', A.worktree, ['status', '--porcelain'], { expect: { stdout: { equals: '' } } }),
      'clean-b': git('worktree B is clean', B.worktree, ['status', '--porcelain'], { expect: { stdout: { equals: '' } } }),
      'same-fork-point': git('the two branches fork from the same commit', REPO, ['merge-base', A.branch, B.branch], {
        expect: { stdout: /^[0-9a-f]{40,64}\n$/ },
      }),

      'merge-a': git(`merge ${A.branch} into ${MAIN} with a merge commit`, REPO, ['merge', '--no-ff', '--no-edit', A.branch], {
        expect: {
          stdout: { lab: "Merge made by the 'ort' strategy.", variants: [{ text: "Merge made by the 'recursive' strategy.", until: '2.33', kind: 'wording' }] },
        },
      }),
      'reflog-names-strategy': git('the reflog names the merge strategy', REPO, ['reflog', '-1', '--format=%gs'], {
        expect: {
          stdout: {
            lab: `merge ${A.branch}: Merge made by the 'ort' strategy.`,
            variants: [{ text: `merge ${A.branch}: Merge made by the 'recursive' strategy.`, until: '2.33', kind: 'wording' }],
          },
        },
      }),
      'merge-b-conflict': git(`merge ${B.branch}: the conflict shows up now`, REPO, ['merge', B.branch], {
        expect: {
          exitCode: 1,
          stdout: ['CONFLICT (content): Merge conflict in cli.py', 'Automatic merge failed; fix conflicts and then commit the result.'],
        },
      }),
      'merge-in-progress': check('the merge is in progress with markers in cli.py only', async (context) => {
        const failures = expectPresent(context, [`${REPO}/.git/MERGE_HEAD`]);
        if (conflictMarkers(CLI, await readFile(context.path(`${REPO}/${CLI}`), 'utf8')).length === 0) failures.push(`${CLI} has no conflict markers`);
        const unmerged = await context.runGit(['diff', '--name-only', '--diff-filter=U'], REPO);
        if (unmerged.stdout !== `${CLI}\n`) failures.push(`unmerged files are not just ${CLI}: ${JSON.stringify(unmerged.stdout)}`);
        return failures;
      }),
    }),
    ...resolveKeepingBoth(B, { cwd: REPO }),
    ...idSteps({ 'both-merged': git('both branches are in main', REPO, ['branch', '--merged', MAIN], { expect: { stdout: [A.branch, B.branch] } }) }),
  ],
});
