import { basename } from 'node:path';
import type { Command } from 'commander';
import { resolveGitBinary } from '../../git/git-binary.js';
import { takeSnapshot } from '../../snapshot/take-snapshot.js';
import { LAB_COMMANDS, STATE_FILE } from '../../../graders/lab.js';
import { removeObservedSteps } from '../../../graders/support/remove-worktree.js';

interface SnapshotOptions {
  readonly git?: string;
}

/** `wtlab snapshot [FOLDER]`: records the evidence cleanup destroys, so grading after cleanup can still see it. */
export function registerSnapshot(program: Command): void {
  program
    .command('snapshot')
    .description('before cleanup, record what removing the worktrees destroys (records, reflogs, tasks.json, uncommitted work) into .git/wtlab/evidence.json')
    .argument('[folder]', 'your tasks-app folder or one of its worktrees', '.')
    .option('--git <bin>', 'git binary to read with (default: $WTLAB_GIT or git on PATH)')
    .addHelpText('after', '\nThe file stays inside .git: it is never committed, and wtlab grade checks it against the repository.\n\nExample:\n  cd ~/ai-workflow-course/tasks-app && npx wtlab snapshot && ../cleanup-worktrees.sh')
    .action(async (folder: string, options: SnapshotOptions) => {
      const git = await resolveGitBinary(options.git);
      const taken = await takeSnapshot(folder, { git, stateFile: STATE_FILE });
      const seen = taken.live.map((observation) => `${basename(observation.path)} on ${observation.branch ?? 'a detached HEAD'} (tasks.json ${observation.tasksJson}, ${observation.uncommitted.length} uncommitted)`);
      const lines = [`Recorded ${taken.live.length} linked worktree(s) into ${taken.file}${seen.length > 0 ? `: ${seen.join('; ')}` : ''}.`];
      if (taken.kept > 0) lines.push(`Kept ${taken.kept} worktree(s) an earlier snapshot saw that are gone now.`);
      if (taken.live.length === 0) lines.push('No linked worktree exists now, so there was nothing new to record. Run it while the worktrees exist: npx wtlab snapshot');
      else {
        const steps = taken.live.map((observation) => removeObservedSteps(observation.path, observation));
        lines.push(`It stays inside .git and is never committed. Clean up now. ${[...new Set(steps.map((step) => step.say))].join('')}Run: ${steps.map((step) => step.commands).join(' && ')} && ${LAB_COMMANDS.prune}`);
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
