import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Each test file gets its own process: PGlite instances are large and must not leak between files.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
