import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'engine/**/*.test.ts', 'definitions/**/*.test.ts', 'api/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real-Postgres suites create their own databases; keep files in separate workers.
    pool: 'forks',
  },
});
