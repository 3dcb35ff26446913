import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files spend most of their time waiting on git and python processes: two files at a time keep both cores busy.
    maxWorkers: 2,
    // One folder per run where repos built by scenarios are shared (test/support/shared-repos.ts).
    globalSetup: ['test/setup/shared-repos-root.ts'],
  },
});
