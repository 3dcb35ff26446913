import type { GitBinary } from '../../src/git/git-binary.js';
import { runGit } from '../../src/git/run-git.js';

export interface BulkHistoryOptions {
  readonly git: GitBinary;
  readonly env: Readonly<Record<string, string>>;
  /** @default 20000 */
  readonly commits?: number;
  /** @default 200 */
  readonly branches?: number;
}

/** Adds many commits on many extra branches (forked from the root commit) with one `git fast-import`. */
export async function addBulkHistory(repo: string, options: BulkHistoryOptions): Promise<void> {
  const commits = options.commits ?? 20_000;
  const branches = options.branches ?? 200;
  const root = await runGit(options.git, ['rev-list', '--max-parents=0', 'main'], { cwd: repo, env: options.env });
  const base = root.stdout.trim().split('\n')[0];
  if (root.exitCode !== 0 || !base) throw new Error(`cannot find the root commit of ${repo}: ${root.stderr}`);
  const perBranch = Math.ceil(commits / branches);
  const chunks: string[] = [];
  let made = 0;
  for (let branch = 0; branch < branches && made < commits; branch += 1) {
    const ref = `refs/heads/bulk/b${String(branch).padStart(3, '0')}`;
    for (let step = 0; step < perBranch && made < commits; step += 1, made += 1) {
      const message = `bulk commit ${made}\n`;
      const content = `line ${step} of branch ${branch}\n`;
      const when = 1_767_258_000 + made;
      chunks.push(
        `commit ${ref}\n`,
        `author Bulk <bulk@example.com> ${when} +0000\n`,
        `committer Bulk <bulk@example.com> ${when} +0000\n`,
        `data ${Buffer.byteLength(message)}\n${message}`,
        step === 0 ? `from ${base}\n` : '',
        `M 100644 inline notes/bulk-${branch}.txt\n`,
        `data ${Buffer.byteLength(content)}\n${content}\n`,
      );
    }
  }
  chunks.push('done\n');
  const result = await runGit(options.git, ['fast-import', '--quiet', '--done'], { cwd: repo, env: options.env, input: chunks.join(''), timeoutMs: 600_000 });
  if (result.exitCode !== 0) throw new Error(`git fast-import failed: ${result.stderr}`);
}
