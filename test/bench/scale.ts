/**
 * The simulator's scale case, run at the end of `npm run bench`:
 * `rally simulate --stocks 500 --years 30` (10 sectors, no planted signal),
 * then a full run of its run.json — rebound, sector-lead and seasonal
 * episodes, every built-in criterion, default statistics (2000 bootstrap
 * resamples, 2000 permutations), 2 worker threads — assembled and written
 * as reports. Prints the time of each stage and the process's peak RSS
 * (process.resourceUsage().maxRSS, all threads, whole bench so far).
 * Printed, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunConfig } from '../../engine/config.ts';
import { assemble, executeRun } from '../../engine/run/run.ts';
import { writeRunOutputs } from '../../reports/write.ts';
import { simulateToDir } from '../../engine/run/simulate.ts';
import { checkSimulateOptions, FILES } from '../../datasets/simulate/market.ts';

function mb(kb: number): string {
  return `${(kb / 1024).toFixed(0)} MB`;
}

export async function runScaleBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rally-scale-'));
  try {
    console.log('\nscale case — rally simulate --seed 1 --years 30 --stocks 500 (10 sectors), then rally run on it: 3 episode kinds, all criteria, default statistics, 2 workers');
    const t0 = performance.now();
    const rep = simulateToDir(checkSimulateOptions({ seed: '1', years: 30, stocks: 500 }), join(dir, 'market'));
    const t1 = performance.now();
    const cfg = readRunConfig(join(dir, 'market', FILES.config));
    const parts = await executeRun(cfg, { workers: 2 });
    const t2 = performance.now();
    const result = assemble(parts);
    await writeRunOutputs(join(dir, 'report'), result);
    const t3 = performance.now();
    const bars = rep.market.days.length;
    const counts = Object.entries(rep.counts).map(([k, c]) => `${k} ${Object.values(c).reduce((a, b) => a + b, 0)}`).join(', ');
    console.log(`simulate (write ${rep.files.length} files, detect, truth.csv): ${((t1 - t0) / 1000).toFixed(2)} s  (${bars} trading days × 500 stocks; episodes: ${counts})`);
    console.log(`run, 2 workers                            : ${((t2 - t1) / 1000).toFixed(2)} s  (${parts.totalJobs} jobs, ${result.summary.counts.predictions} predictions, ${result.summary.failures.length} failed)`);
    console.log(`assemble (q-values, power) + write reports: ${((t3 - t2) / 1000).toFixed(2)} s`);
    console.log(`scale case total                          : ${((t3 - t0) / 1000).toFixed(2)} s`);
    console.log(`peak RSS (whole process, all threads, whole bench so far): ${mb(process.resourceUsage().maxRSS)}; RSS now ${mb(process.memoryUsage().rss / 1024)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
