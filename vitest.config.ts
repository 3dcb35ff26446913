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
    // A worker runs file after file in one process: the engine's modules are loaded once per worker, not once per file
    // (import time over the run: 26 s -> 6 s). Tests that change process.env put it back; module state (the app-run
    // cache, process counters) is shared by design, and tests that count read differences.
    isolate: false,
    // The run's own temp folder, TMPDIR for every file (test/setup/test-tmpdir.ts); one folder in it where repos built by
    // scenarios are shared (test/support/shared-repos.ts); the python3 the suite starts, first on PATH
    // (test/setup/test-python.ts); node started without NODE_EXTRA_CA_CERTS (test/setup/node-ca-certs.ts).
    globalSetup: ['test/setup/test-tmpdir.ts', 'test/setup/shared-repos-root.ts', 'test/setup/test-python.ts', 'test/setup/node-ca-certs.ts'],
  },
});
