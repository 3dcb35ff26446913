import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GitBinary } from '../../src/git/git-binary.js';
import { runGit } from '../../src/git/run-git.js';
import { sealedEnv } from '../../src/git/sealed-env.js';
import { RECORD_FILE } from '../../src/record/record-file.js';
import { takeSnapshot } from '../../src/snapshot/take-snapshot.js';

/** What recording did: the branch the record was committed on (none when the repo has no main or master), and how many linked worktrees were live. */
export interface CommittedRecord {
  readonly branch: string | undefined;
  readonly live: number;
}

/**
 * Takes `wtlab snapshot` in a learner's finished repo and commits `worktree-evidence.json` on main (or master) with
 * plumbing (a private index, `commit-tree`, `update-ref`), leaving the folder's index, files and any merge in progress
 * alone, so a repo of any shape can be given a record after its folder was graded.
 */
export async function commitRecord(repo: string, git: GitBinary): Promise<CommittedRecord> {
  const taken = await takeSnapshot(repo, { git });
  const scratch = await mkdtemp(join(tmpdir(), 'wtlab-record-'));
  try {
    const env = { ...sealedEnv({ git, home: scratch }), GIT_INDEX_FILE: join(scratch, 'index') };
    const run = async (args: readonly string[]) => {
      const result = await runGit(git, args, { cwd: repo, env });
      if (result.exitCode !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
      return result.stdout.trim();
    };
    const branches = (await run(['for-each-ref', '--format=%(refname:short)', 'refs/heads/main', 'refs/heads/master'])).split('\n').filter(Boolean);
    const branch = branches.includes('main') ? 'main' : branches[0];
    if (branch === undefined) return { branch: undefined, live: taken.live.length };
    const blob = await run(['hash-object', '-w', '--', RECORD_FILE]);
    await run(['read-tree', branch]);
    await run(['update-index', '--add', '--cacheinfo', `100644,${blob},${RECORD_FILE}`]);
    const tree = await run(['write-tree']);
    const commit = await run(['commit-tree', tree, '-p', branch, '-m', 'Record the worktrees']);
    await run(['update-ref', `refs/heads/${branch}`, commit]);
    return { branch, live: taken.live.length };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
