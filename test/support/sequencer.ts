/**
 * The order test files start in: the longest first (by wall time in a whole
 * suite run with RALLY_TEST_CPU, test/README.md "Speed"), so that on two cores no long file
 * starts last and runs alone at the end; then the rest in Vitest's own order
 * (longest of the previous run first when it has them, else larger files
 * first). A list rather than Vitest's cache alone: the cache holds wall times
 * of the last run, which on a shared machine say more about the load than
 * about the file, and a fresh checkout has none.
 */
import { basename } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first; a file missing from the list simply runs in Vitest's order. */
export const LONG_FIRST = [
  'report-in-browser.test.ts',
  'planted-signal-recovery.test.ts',
  'scheduler-slurm.test.ts',
  'determinism.test.ts',
  'plugin-boundary.test.ts',
  'examples.test.ts',
  'output-folder.test.ts',
  'corpus.test.ts',
  'interval-coverage.test.ts',
  'cli-anywhere.test.ts',
  'cli-run.test.ts',
  'regression-gate.test.ts',
  'simulate.test.ts',
  'html-report.test.ts',
  'universe-run.test.ts',
  'no-look-ahead.test.ts',
];

export class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const usual = await super.sort(files);
    const rank = (f: TestSpecification): number => {
      const i = LONG_FIRST.indexOf(basename(f.moduleId));
      return i < 0 ? LONG_FIRST.length : i;
    };
    return usual.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}
