import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradeReport } from '../../src/grade/report-types.js';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { findBubblewrap } from '../../src/sandbox/plan-sandbox.js';
import { wtlab } from '../helpers/cli.js';
import { makeKit, removeCorpusFolders, type Kit } from '../helpers/corpus.js';

let kit: Kit;
let repos: string[];
/** A PATH with node, git and python3 but no bwrap or unshare: a machine where neither is installed. */
let bareBin: string;

beforeAll(async () => {
  kit = await makeKit('grade-sandbox');
  repos = [await kit.startRepo('a'), await kit.startRepo('b'), await kit.startRepo('c')];
  bareBin = join(kit.dir, '..', 'bin-without-bwrap');
  mkdirSync(bareBin);
  symlinkSync(process.execPath, join(bareBin, 'node'));
  symlinkSync(kit.git.path, join(bareBin, 'git'));
  symlinkSync(locateExecutable('python3', '/usr/bin:/bin') ?? locateExecutable('python3') ?? 'python3', join(bareBin, 'python3'));
}, 60_000);
afterAll(removeCorpusFolders);

const warningLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('wtlab: warning:'));

describe('grading where no sandbox can be made', () => {
  it('still grades, says so once on stderr and in the report\'s warnings', async () => {
    const run = await wtlab(['grade', repos[0] as string, '--format', 'json'], { cwd: kit.dir, env: { PATH: bareBin } });
    expect(run.exitCode, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as GradeReport;
    expect(report.warnings).toEqual([expect.stringMatching(/^the learner's app ran without a sandbox \(neither bubblewrap \(bwrap\) nor util-linux unshare is installed\): .*--require-sandbox/)]);
    expect(warningLines(run.stderr)).toHaveLength(1);
    expect(report.criteria.find((criterion) => criterion.id === 'merged')?.checks.find((check) => check.id === 'app-runs')?.status).toBe('pass');
  });

  it('in a batch, one warning line for all the submissions', async () => {
    const run = await wtlab(['grade', ...repos, '--jobs', '2', '--format', 'json'], { cwd: kit.dir, env: { PATH: bareBin } });
    expect(run.exitCode, run.stderr).toBe(1);
    const reports = JSON.parse(run.stdout) as GradeReport[];
    for (const report of reports) expect(report.warnings?.[0]).toMatch(/ran without a sandbox/);
    expect(warningLines(run.stderr)).toEqual([expect.stringMatching(/without a sandbox .*\(3 submissions\)$/)]);
  });

  it('--require-sandbox turns it into exit 2 with one line', async () => {
    const envs: Record<string, string>[] = [{ PATH: bareBin }, { WTLAB_SANDBOX: 'none', PATH: bareBin }];
    for (const env of envs) {
      const run = await wtlab(['grade', repos[0] as string, '--require-sandbox', '--format', 'json'], { cwd: kit.dir, env });
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^wtlab: no sandbox for the learner's app can be made here: neither bubblewrap \(bwrap\) nor util-linux unshare is installed\. Install bubblewrap/);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it.skipIf(findBubblewrap(process.env.PATH ?? '') === undefined)('--require-sandbox grades as usual where bubblewrap works, even under WTLAB_SANDBOX=none', async () => {
    const run = await wtlab(['grade', ...repos.slice(0, 2), '--require-sandbox', '--format', 'json'], { cwd: kit.dir, env: { WTLAB_SANDBOX: 'none' } });
    expect(run.exitCode, run.stderr).toBe(1);
    const reports = JSON.parse(run.stdout) as GradeReport[];
    expect(reports.map((report) => report.warnings)).toEqual([undefined, undefined]);
    expect(warningLines(run.stderr)).toEqual([]);
  });
});
