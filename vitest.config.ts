import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One folder per run where repos built by scenarios are shared (test/support/shared-repos.ts).
    globalSetup: ['test/setup/shared-repos-root.ts'],
  },
});
