import { appendFileSync, chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeSubmission } from '../../src/grade/grade-submission.js';
import { testGit } from '../support/git.js';
import { fingerprint, type BuiltRepo } from '../support/build-repo.js';
import { copyBuilt } from '../support/copy-built.js';
import { sharedRepo } from '../support/shared-repos.js';
import { lab } from '../../lab/index.js';

let built: BuiltRepo;
let canary: string;

beforeAll(async () => {
  // A copy: the test plants config and hooks in it.
  built = await copyBuilt(await sharedRepo('committed'));
  canary = join(built.sandbox.base, 'canary');
  const script = join(built.sandbox.base, 'plant.sh');
  writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> ${canary}\ncat\n`);
  chmodSync(script, 0o755);
  const gitDir = join(built.repo, '.git');
  appendFileSync(
    join(gitDir, 'config'),
    [
      '[core]',
      `\tfsmonitor = ${script}`,
      `\tpager = ${script}`,
      '[filter "evil"]',
      `\tclean = ${script}`,
      `\tsmudge = ${script}`,
      '\trequired = true',
      '[diff "evil"]',
      `\ttextconv = ${script}`,
      '[diff]',
      `\texternal = ${script}`,
      '',
    ].join('\n'),
  );
  mkdirSync(join(gitDir, 'info'), { recursive: true });
  writeFileSync(join(gitDir, 'info', 'attributes'), '* filter=evil diff=evil\n');
  mkdirSync(join(gitDir, 'hooks'), { recursive: true });
  for (const hook of ['post-checkout', 'reference-transaction', 'post-index-change', 'pre-auto-gc']) {
    writeFileSync(join(gitDir, 'hooks', hook), `#!/bin/sh\n${script} hook-${hook} </dev/null\n`);
    chmodSync(join(gitDir, 'hooks', hook), 0o755);
  }
});
afterAll(async () => built?.sandbox.remove());

describe('a repo whose config and hooks name programs', () => {
  it('is graded without running any of them and without a byte changed', async () => {
    const before = fingerprint(built.work);
    const report = await gradeSubmission(built.repo, { git: await testGit(), lab });
    expect(existsSync(canary) ? `ran: ${canary}` : 'nothing ran').toBe('nothing ran');
    expect(fingerprint(built.work)).toEqual(before);
    expect(report.stage).toBe('committed');
    expect(report.criteria.find((criterion) => criterion.id === 'three-worktrees')?.status).toBe('pass');
  });
});
