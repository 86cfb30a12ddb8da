import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real-browser and workerd suites start their own processes; keep the pool small on 2 cores.
    maxWorkers: 2,
  },
});
