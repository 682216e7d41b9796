import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file runs in its own child process: tests start worker threads, kill them,
    // and count objects, which must not leak between files.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The machine has two cores and the tests start worker threads: run two files at a time.
    maxWorkers: 2,
    execArgv: ['--expose-gc'],
    // One cluster token for the run, in the environment every test, daemon and driver inherits,
    // so no test reads or writes the user's ~/.tsray/auth_token.
    globalSetup: ['test/global-setup.ts'],
    // Notes each file's start and end where TSRAY_TEST_TRACE says (CI names a file whose process died).
    setupFiles: ['test/setup/file-trace.ts'],
  },
});
