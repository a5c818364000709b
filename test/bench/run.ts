/**
 * `npm run bench`: speed of the engine, measured in one run on this machine.
 *
 * 1. One metrics row at the sweep's size (n = 86 scored S&P 500 rebounds,
 *    B = 2000 bootstrap resamples per scheme, 2000 permutations): the
 *    engine's `scoreRow` against an independent hand-written tight baseline
 *    of the same statistics (baseline-stats.ts, which calls no engine code),
 *    in ms per row and rows per second, and their ratio.
 * 2. The sweep (sweep.ts): 900 golden-cross parameter sets over the S&P 500
 *    since 1928, by the engine on 1 and on 2 worker threads (two rounds,
 *    1-2-2-1, so that a drifting machine load favours neither), in rows per
 *    second and ms per row; one worker's CPU ms per row against the
 *    baseline's. A row's cost grows with episodes × resamples, not with bars,
 *    so rows (not parameter sets × bars) are the unit. Also the machine's
 *    own ceiling for two at once: two copies of the sweep in one thread each,
 *    run together, against one alone (sweep.ts parallelCeiling). With
 *    RALLY_BENCH_COMPARE=<an earlier checkout>, that checkout's engine on the
 *    same sweep, one worker, in interleaved rounds (sweep-compare.ts).
 * 3. Start-up (startup.ts): `rally --help` and `npm start`, whole processes.
 * 4. The simulator's scale case (scale.ts).
 * 5. The universe cases (universe.ts): all 253 stocks-5yr members with the
 *    shared macro files on 1 and 2 workers (time, speed-up, peak RSS), and
 *    the calibration of pooled inference on simulated universes.
 * Timings are printed, never asserted. On a shared machine compare ratios
 * measured in one run, not absolute times.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScaleBench } from './scale.ts';
import { runUniverseBench } from './universe.ts';
import { loadAllShared } from './load.ts';
import { GSPC, STATS, printRowCost } from './row-cost.ts';
import { cpuBound, describeSweep, FAST, parallelCeiling, SLOW, sweep, type SweepTiming } from './sweep.ts';
import { runStartupBench } from './startup.ts';
import { compareSweep } from './sweep-compare.ts';

const here = dirname(fileURLToPath(import.meta.url));
const SHARED = resolve(here, '..', '..', '..', 'shared', 'data');

function mb(kb: number): string {
  return `${(kb / 1024).toFixed(0)} MB`;
}

async function main(): Promise<void> {
  if (!existsSync(GSPC)) {
    console.log(`bench: ${GSPC} not found; the benchmark needs ../shared/data beside the project.`);
    return;
  }
  console.log(`rally-replay bench — statistics per row: ${STATS.bootstrap} bootstrap resamples per scheme (i.i.d. and calendar-year blocks, shared by AUC, balanced accuracy and Brier), ${STATS.permutations} permutations\n`);
  const cold = loadAllShared(SHARED);
  const warm = loadAllShared(SHARED);
  console.log(`load all of ../shared/data: ${cold.rows} rows in ${cold.ms.toFixed(0)} ms (first read), ${warm.ms.toFixed(0)} ms (again)\n`);
  const row = printRowCost();
  await printSweep(row.baselineMs);
  console.log(`peak RSS (whole process, all threads): ${mb(process.resourceUsage().maxRSS)}`);
  runStartupBench();
  await runScaleBench();
  runUniverseBench();
}

const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');
const best = (ts: SweepTiming[]): SweepTiming => ts.reduce((a, b) => (b.seconds < a.seconds ? b : a));

/** The sweep on 1 and 2 workers, in the order 1, 2, 2, 1; the faster of each count's two runs, and the ratios. */
async function printSweep(baselineMs: number): Promise<void> {
  console.log(`\nsweep — golden-cross, ${FAST.length} fast × ${SLOW.length} slow = ${FAST.length * SLOW.length} parameter sets, S&P 500 since 1928, one row each; runs 1, 2, 2, 1 workers (load average before: ${load()})`);
  const one: SweepTiming[] = [], two: SweepTiming[] = [];
  for (const w of [1, 2, 2, 1]) (w === 1 ? one : two).push(await sweep(w));
  const e1 = best(one), e2 = best(two);
  console.log(`  ${describeSweep('engine, 1 worker ', e1)}`);
  console.log(`  ${describeSweep('engine, 2 workers', e2)}`);
  console.log(`  ratio 2 workers / 1 worker: ${(e1.seconds / e2.seconds).toFixed(2)}x end to end, ${(e1.jobSeconds / e2.jobSeconds).toFixed(2)}x job phase (target >= 1.8x); per round: ${one.map((a, i) => (a.seconds / two[i]!.seconds).toFixed(2)).join(', ')}`);
  const b = cpuBound(e1);
  console.log(`  bound from CPU alone: the 1-worker run keeps ${b.coresBusy.toFixed(2)} cores busy (its worker, the main thread's share, V8's compiler and GC threads); with ${availableParallelism()} cores here no 2-worker run can be more than ${b.bound.toFixed(2)}x faster (sweep.ts cpuBound)`);
  const c = await parallelCeiling();
  console.log(typeof c === 'string' ? `  parallel ceiling: ${c}`
    : `  this machine's ceiling for two at once: the sweep in one thread (0 workers) ${c.alone.toFixed(2)} s alone, ${c.together.toFixed(2)} s for two copies at once (separate processes): `
      + `${c.ceiling.toFixed(2)}x the throughput of one (2 rounds, medians); no 2-worker run can beat it here`);
  const cpuMsPerRow = (e1.cpuSeconds * 1000) / e1.rows;
  console.log(`  one worker vs the independent baseline (CPU per row, the same n and B): engine ${cpuMsPerRow.toFixed(2)} ms (${(1000 / cpuMsPerRow).toFixed(0)} rows/s, whole sweep: load, detect, criteria, statistics, assembly) vs baseline ${baselineMs.toFixed(2)} ms (${(1000 / baselineMs).toFixed(0)} rows/s, statistics only): ${(cpuMsPerRow / baselineMs).toFixed(2)}x`);
  const plain = await sweep(1, { trading: false });
  const plainMs = (plain.cpuSeconds * 1000) / plain.rows;
  console.log(`  one worker without the trading backtest ("trading": false; a row as 0.1.0 computed it, plus survival curves and fans): ${plainMs.toFixed(2)} CPU ms per row (${(1000 / plainMs).toFixed(0)} rows per CPU second), ${(plainMs / baselineMs).toFixed(2)}x the baseline; the backtest adds ${(cpuMsPerRow - plainMs).toFixed(2)} CPU ms per row`);
  const compare = process.env.RALLY_BENCH_COMPARE;
  if (compare) await compareSweep(resolve(compare));
  console.log(`  load average after: ${load()}`);
}

await main();
