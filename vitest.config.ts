import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Test files spend much of their time waiting on git and python processes (and on agents' pauses): three files at a
    // time keep both cores busy (measured on 2 cores: 175 s against 198 s with two).
    maxWorkers: 3,
    // One folder per run where repos built by scenarios are shared (test/support/shared-repos.ts).
    globalSetup: ['test/setup/shared-repos-root.ts'],
  },
});
