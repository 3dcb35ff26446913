import { UserError } from '../errors/user-error.js';
import type { GitBinary } from '../git/git-binary.js';
import { recordGitCommands, type GitCommandRun } from '../git/git-command-log.js';
import { gradeSubmission } from '../grade/grade-submission.js';
import type { Lab } from '../lab/define-lab.js';
import type { GradedSubmission } from './types.js';
import { scrubSecrets, submissionLabel } from '../submission/submission-label.js';

/** The one-line reason a submission could not be graded; a crash in wtlab says so. */
export function reasonOf(error: unknown): string {
  if (error instanceof UserError) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  return `wtlab broke while grading it (not the learner's fault): ${text.split('\n')[0]}`;
}

/**
 * Grades one submission, catching what stops it into a reason, and logging the git commands it ran. The result names
 * the submission by its `submissionLabel`, and its reason has the URL's secrets scrubbed.
 */
export async function gradeOne(given: string, options: { readonly git: GitBinary; readonly lab: Lab }): Promise<GradedSubmission> {
  const source = submissionLabel(given);
  let commands: readonly GitCommandRun[] = [];
  try {
    const recorded = await recordGitCommands(() => gradeSubmission(given, { git: options.git, lab: options.lab }).catch((error: unknown) => ({ error })));
    commands = recorded.commands;
    if ('error' in recorded.value) return { source, error: scrubSecrets(reasonOf(recorded.value.error), given), commands };
    return { source, report: recorded.value, commands };
  } catch (error) {
    return { source, error: scrubSecrets(reasonOf(error), given), commands };
  }
}
