import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GradeReport } from '../../src/grade/report-types.js';
import { locateExecutable } from '../../src/process/locate-executable.js';
import { probeSandbox } from '../../src/sandbox/probe-sandbox.js';
import { wtlab } from '../support/cli.js';
import { makeKit, removeCorpusFolders, type Kit } from '../support/corpus.js';

/** Why no sandbox can be made on this machine, if so. */
const sandboxProblem = await probeSandbox();
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
const onExit: (() => void)[] = [];
afterAll(() => {
  removeCorpusFolders();
  for (const clean of onExit) clean();
});

const warningLines = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('wtlab: warning:'));

describe('grading where no sandbox can be made', () => {
  it("still grades, says so once on stderr and in the report's warnings", async () => {
    const run = await wtlab(['grade', repos[0] as string, '--format', 'json'], { cwd: kit.dir, env: { PATH: bareBin } });
    expect(run.exitCode, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as GradeReport;
    expect(report.warnings).toEqual([
      expect.stringMatching(
        /^the learner's app ran without a sandbox \(neither bubblewrap \(bwrap\) nor util-linux unshare is installed\): .*--require-sandbox/,
      ),
    ]);
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

  it('bubblewrap installed but refused by the kernel: graded without a sandbox, with the reason', async () => {
    // A folder anyone may enter: as root, the sandbox runs python3 as nobody, who must reach it.
    const refusing = mkdtempSync(join(tmpdir(), 'wtlab-refusing-bwrap-'));
    chmodSync(refusing, 0o755);
    onExit.push(() => rmSync(refusing, { recursive: true, force: true }));
    for (const name of ['node', 'git', 'python3']) symlinkSync(realpathSync(join(bareBin, name)), join(refusing, name));
    writeFileSync(
      join(refusing, 'bwrap'),
      '#!/bin/sh\necho "bwrap: No permissions to creating new namespace, likely because the kernel does not allow non-privileged user namespaces." >&2\nexit 1\n',
    );
    chmodSync(join(refusing, 'bwrap'), 0o755);
    const run = await wtlab(['grade', ...repos.slice(0, 2), '--jobs', '1', '--format', 'json'], { cwd: kit.dir, env: { PATH: refusing } });
    expect(run.exitCode, run.stderr).toBe(1);
    const reports = JSON.parse(run.stdout) as GradeReport[];
    for (const report of reports) {
      expect(report.warnings?.[0]).toMatch(
        /^the learner's app ran without a sandbox \(bubblewrap could not make a sandbox here \(No permissions to creating new namespace/,
      );
      expect(report.criteria.find((criterion) => criterion.id === 'merged')?.checks.find((check) => check.id === 'app-runs')?.status).toBe('pass');
    }
    const refused = await wtlab(['grade', repos[0] as string, '--require-sandbox'], { cwd: kit.dir, env: { PATH: refusing } });
    expect([refused.exitCode, refused.stderr.trimEnd().split('\n').length]).toEqual([2, 1]);
    expect(refused.stderr).toMatch(
      /^wtlab: no sandbox for the learner's app can be made here: bubblewrap could not make a sandbox here \(bwrap: No permissions/,
    );
  });

  it('--require-sandbox turns it into exit 2 with one line', async () => {
    const envs: Record<string, string>[] = [{ PATH: bareBin }, { WTLAB_SANDBOX: 'none', PATH: bareBin }];
    for (const env of envs) {
      const run = await wtlab(['grade', repos[0] as string, '--require-sandbox', '--format', 'json'], { cwd: kit.dir, env });
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^wtlab: no sandbox for the learner's app can be made here: neither bubblewrap \(bwrap\) nor util-linux unshare is installed\. Install bubblewrap/,
      );
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });

  it.skipIf(sandboxProblem !== undefined)('--require-sandbox grades as usual where bubblewrap works, even under WTLAB_SANDBOX=none', async () => {
    const run = await wtlab(['grade', ...repos.slice(0, 2), '--require-sandbox', '--format', 'json'], { cwd: kit.dir, env: { WTLAB_SANDBOX: 'none' } });
    expect(run.exitCode, run.stderr).toBe(1);
    const reports = JSON.parse(run.stdout) as GradeReport[];
    expect(reports.map((report) => report.warnings)).toEqual([undefined, undefined]);
    expect(warningLines(run.stderr)).toEqual([]);
  });
});
