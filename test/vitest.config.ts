// Vitest configuration (kept under test/ so the top level stays as the user fixed it).
// The JSON reporter's file is what .ci/run reads to print "N passed, N failed".
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-out/vitest-results.json' },
    pool: 'forks',
  },
});
