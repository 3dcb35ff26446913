import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkGitDirFiles } from '../../src/submission/check-git-dir-files.js';
import { makeKit, removeCorpusFolders } from '../support/corpus.js';

afterAll(removeCorpusFolders);

describe('the walk of a git dir', () => {
  it('walks a folder reached by a link once, with what is under it, and still finds a FIFO deep in it', async () => {
    const kit = await makeKit('check-git-dir-files');
    const repo = await kit.startRepo('tasks-app');
    const gitDir = join(repo, '.git');
    // Two links to the same inside folder, and one to a folder outside: each folder is walked once, none is refused.
    symlinkSync('objects', join(gitDir, 'alias-one'));
    symlinkSync(join(gitDir, 'objects'), join(gitDir, 'alias-two'));
    mkdirSync(join(kit.dir, 'elsewhere', 'deep'), { recursive: true });
    symlinkSync(join(kit.dir, 'elsewhere'), join(gitDir, 'outside'));
    await expect(checkGitDirFiles(gitDir)).resolves.toBeUndefined();
    execFileSync('mkfifo', [join(kit.dir, 'elsewhere', 'deep', 'state')]);
    await expect(checkGitDirFiles(gitDir)).rejects.toThrow(/elsewhere\/deep\/state is a FIFO \(named pipe\), not a regular file/);
  });
});
