import { execa } from 'execa';
import { readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GradeReport } from '../../src/grade/report-types.js';
import { WTLAB } from '../support/cli.js';
import { checkStatus, makeKit, removeCorpusFolders, runCorpusCase } from '../support/corpus.js';
import { snapshotTree } from '../support/tree-snapshot.js';

afterAll(removeCorpusFolders);

describe('paths git cannot hold on one line, or that are not UTF-8, are still graded', () => {
  it('a folder path with a newline (the private view borrows the objects through a link)', async () => {
    await runCorpusCase({
      name: 'newline in the path',
      build: async (kit) => ({ source: await kit.startRepo('course\nwork/tasks-app') }),
      expected: {
        exit: 1,
        report: (report) => {
          expect(report.submission).toContain('course\nwork/tasks-app');
          expect(checkStatus(report, 'merged', 'app-runs')).toBe('pass');
        },
      },
    });
  }, 120_000);

  it('a folder whose name is Latin-1 bytes, given on the command line as those bytes', async () => {
    const kit = await makeKit('latin-1 folder');
    const repo = await kit.startRepo('tasks-app');
    const latin1 = Buffer.concat([Buffer.from(`${kit.dir}/t`), Buffer.from([0xe2]), Buffer.from('ches-app')]);
    renameSync(repo, latin1);
    const before = await snapshotTree(kit.dir);
    // The shell passes the raw bytes: Node's own argv cannot hold them.
    const run = await execa('/bin/sh', ['-c', `exec node "$0" grade "$(printf '%s/t\\342ches-app' "$1")" --format json`, WTLAB, kit.dir], {
      reject: false,
      env: { NO_COLOR: '1', WTLAB_TMPDIR: kit.tmp },
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as GradeReport;
    expect(checkStatus(report, 'merged', 'app-runs')).toBe('pass');
    expect(report.submission).toContain('\ufffd');
    expect(await snapshotTree(kit.dir)).toEqual(before);
    expect(readdirSync(kit.tmp)).toEqual([]);
  }, 120_000);
});

describe('a non-UTF-8 path that does not exist is still said not to exist', () => {
  it('names the path in one line', async () => {
    const kit = await makeKit('latin-1 missing');
    const run = await execa('/bin/sh', ['-c', `exec node "$0" grade "$(printf '%s/n\\351ant' "$1")" --format json`, WTLAB, join(kit.dir)], {
      reject: false,
      env: { NO_COLOR: '1', WTLAB_TMPDIR: kit.tmp },
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^wtlab: .*n\ufffdant does not exist\./);
  }, 60_000);
});
