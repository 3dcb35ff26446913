// vitest globalSetup: one folder per test run where repos built by scenarios are shared between test files (see test/support/shared-repos.ts).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's folder of shared repos: `<name>.json` names a built repo's sandbox, `<name>.lock` marks one being built. */
    sharedReposRoot: string;
  }
}

/** Makes the run's folder (cheap: nothing is built until a test asks) and, after the run, removes every sandbox built into it. */
export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'wtlab-shared-repos-'));
  project.provide('sharedReposRoot', root);
  return () => {
    for (const name of readdirSync(root).filter((file) => file.endsWith('.json'))) {
      const { base } = JSON.parse(readFileSync(join(root, name), 'utf8')) as { base?: unknown };
      if (typeof base === 'string') rmSync(base, { recursive: true, force: true });
    }
    rmSync(root, { recursive: true, force: true });
  };
}
