import { basename } from 'node:path';
import type { Command } from 'commander';
import { resolveGitBinary } from '../../git/git-binary.js';
import { RECORD_FILE } from '../../record/record-file.js';
import { takeSnapshot } from '../../snapshot/take-snapshot.js';
import { labNaming, type Lab } from '../../lab/define-lab.js';

interface SnapshotOptions {
  readonly git?: string;
}

/** `wtlab snapshot [FOLDER]`: records the evidence cleanup destroys, so grading after cleanup can still see it. */
export function registerSnapshot(program: Command, lab: Lab): void {
  program
    .command('snapshot')
    .description(
      'before cleanup (and again after it), record what removing the worktrees destroys (records, reflogs, tasks.json, uncommitted work) into .git/wtlab/evidence.json and worktree-evidence.json, the record to commit for CI',
    )
    .argument('[folder]', `your ${lab.repo} folder or one of its worktrees`, '.')
    .option('--git <bin>', 'git binary to read with (default: $WTLAB_GIT or git on PATH)')
    .addHelpText(
      'after',
      [
        '',
        'Both files hold the same record; wtlab grade checks it against the repository before using it. A folder is graded',
        'from .git/wtlab/evidence.json; a clone (a course CI) from worktree-evidence.json committed on main.',
        '',
        'Example:',
        `  cd ${lab.repoPath} && wtlab snapshot && ../cleanup-worktrees.sh`,
        '  wtlab snapshot && git add worktree-evidence.json && git commit -m "Record the worktrees"',
      ].join('\n'),
    )
    .action(async (folder: string, options: SnapshotOptions) => {
      const git = await resolveGitBinary(options.git);
      const taken = await takeSnapshot(folder, { git, stateFile: lab.evidence.stateFile, naming: labNaming(lab) });
      const seen = taken.live.map(
        (observation) =>
          `${basename(observation.path)} on ${observation.branch ?? 'a detached HEAD'} (tasks.json ${observation.tasksJson}, ${observation.uncommitted.length} uncommitted)`,
      );
      const lines = [
        `Recorded ${taken.live.length} linked worktree(s) into ${taken.file} and ${taken.record}${seen.length > 0 ? `: ${seen.join('; ')}` : ''}.`,
      ];
      if (taken.kept > 0) lines.push(`Kept ${taken.kept} worktree(s) an earlier snapshot saw that are gone now.`);
      if (taken.live.length === 0 && taken.kept === 0)
        lines.push('No linked worktree exists now, so there was nothing new to record. Run it while the worktrees exist: wtlab snapshot');
      else if (taken.live.length === 0)
        lines.push(`The cleanup is recorded too. Commit the record so CI can grade it: git add ${RECORD_FILE} && git commit -m "Record the worktrees"`);
      else {
        const steps = taken.live.map((observation) => lab.cleanup.removeSteps(observation.path, observation));
        lines.push(
          `Clean up now. ${[...new Set(steps.map((step) => step.say))].join('')}Run: ${steps.map((step) => step.commands).join(' && ')} && ${lab.cleanup.prune}; then run wtlab snapshot again and commit the record: git add ${RECORD_FILE} && git commit -m "Record the worktrees"`,
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
