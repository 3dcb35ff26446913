import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/**
 * Gives each test of the file a fresh empty folder under TMPDIR (the run's own, test/setup/test-tmpdir.ts), made
 * before the test and removed after it. Call at the top level of a test file; the getter names the running test's folder.
 */
export function folderPerTest(prefix: string): () => string {
  let folder = '';
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });
  return () => folder;
}
