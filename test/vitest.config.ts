// Vitest configuration (kept under test/ so the top level stays as the user fixed it).
// The JSON reporter's file is what .ci/run reads to print "N passed, N failed".
//
// Speed on a small machine (measured on the 2-core box, see test/README.md):
// - maxWorkers: Vitest's default is cores - 1, i.e. ONE worker on 2 cores, so the files ran one
//   after the other. At least 2 lets a file that waits (a spawned CLI, a browser, worker threads
//   starting) overlap with another.
// - isolate: false: a worker reuses its module graph across files instead of re-importing the
//   engine for every file (about a fifth of the suite's CPU time). The tests keep no global state
//   (the one spy, in support/cli.ts, is restored in `finally`), so sharing modules changes nothing.
// - pool 'forks' (child processes): as fast as 'threads' here, and a test's worker threads and
//   plugins that exit stay inside a process of their own.
// - sequence: the longest files start first (support/sequencer.ts), so none starts last and runs
//   alone at the end.
// - globalSetup support/engine-build.ts: the engine's worker threads and plugin processes that
//   tests start load the plain-JS build of the sources instead of registering tsx each (a worker
//   thread's start-up: about 0.85 s of CPU under tsx, 0.33 s from the build).
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongFirstSequencer } from './support/sequencer.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    globalSetup: ['test/support/engine-build.ts'],
    setupFiles: ['test/support/cpu-per-file.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-out/vitest-results.json' },
    pool: 'forks',
    isolate: false,
    fileParallelism: true,
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongFirstSequencer },
  },
});
