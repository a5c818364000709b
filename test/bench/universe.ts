/**
 * The universe cases of `npm run bench`:
 *
 * 1. The real universe: test/fixtures/universe-stocks5yr.json (all 253
 *    members of ../shared/data/stocks-5yr, the shared macro files, every
 *    built-in, rebounds, default statistics) on 1, 2, 2 and 1 worker
 *    threads, each run in a child process of its own (engine-child.mjs: the
 *    engine as `rally` loads it, and a peak RSS of its own). Prints load +
 *    run time (and the job phase: first to last finished job, scaled to
 *    every job), assembly and write times, CPU time and peak RSS, and the
 *    2-worker / 1-worker speed-up; the targets are under 60 s and 1.5 GB,
 *    and at least 1.8x.
 * 2. The calibration of pooled inference (test/support/universe-sim.ts):
 *    rejection rates at 5% of the cluster permutation test and of the i.i.d.
 *    permutation test on the same 300 simulated null universes, how often
 *    the 95% cluster-robust and i.i.d. bootstrap intervals hold 0.5, and the
 *    same with factors persisting across months, clusters of one month
 *    against clusters spanning the outcome horizon.
 * Printed, never asserted (test/universe-calibration.test.ts asserts).
 *
 * Run alone: node --import tsx test/bench/universe.ts
 */
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { universeRows } from '../../engine/run/pooled.ts';
import { simulateUniverse, type SimOptions } from '../support/universe-sim.ts';
import type { OverlapMode } from '../../engine/universe-spec.ts';
import { cpuBound, engineChild, threadSplit, type ChildReport } from './sweep.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CONFIG = resolve(here, '..', 'fixtures', 'universe-stocks5yr.json');

export function realUniverse(): void {
  console.log(`\nuniverse case — test/fixtures/universe-stocks5yr.json: 253 members of stocks-5yr, shared vix/shiller/FRED files, every built-in, rebounds, default statistics, on 1 and 2 workers, 1-2-2-1 (each run its own process, loading the engine as rally does; load average before: ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  const runs: ChildReport[] = [];
  for (const workers of [1, 2, 2, 1]) {
    const c = engineChild({ workers, config: CONFIG, write: true });
    if (typeof c === 'string') { console.log(`  ${workers} worker(s): ${c}`); return; }
    runs.push(c);
    console.log(`  ${c.workers} worker${c.workers > 1 ? 's' : ' '}: load + detect + run (${c.members} members, ${c.episodes} episodes, ${c.jobs} jobs, ${c.failed} failed) ${c.runSeconds.toFixed(2)} s, job phase ${c.jobSeconds.toFixed(2)} s; `
      + `assemble ${(c.seconds - c.runSeconds).toFixed(2)} s + write (${c.rows} rows) ${c.writeSeconds.toFixed(2)} s; total ${(c.seconds + c.writeSeconds).toFixed(1)} s (target < 60 s); `
      + `CPU ${c.cpuSeconds.toFixed(2)} s run + assembly (main thread before the first job ${c.phases[0]!.main.toFixed(2)} s), ${c.processCpuSeconds.toFixed(1)} s whole process; peak RSS ${(c.maxRssKb / 1024).toFixed(0)} MB (target < 1536 MB)`);
  }
  const best = (w: number): ChildReport => runs.filter((r) => r.workers === w).reduce((a, b) => (b.runSeconds < a.runSeconds ? b : a));
  const one = best(1), two = best(2);
  const perRound = [0, 1].map((i) => (runs[3 * i]!.runSeconds / runs[1 + i]!.runSeconds).toFixed(2)).join(', ');
  for (const r of [one, two]) console.log(`  ${r.workers} worker${r.workers > 1 ? 's' : ' '}: ${threadSplit(r)}`);
  const b = cpuBound(one);
  console.log(`  bound from CPU alone: the 1-worker run keeps ${b.coresBusy.toFixed(2)} cores busy; with ${availableParallelism()} cores here no 2-worker run can be more than ${b.bound.toFixed(2)}x faster (sweep.ts cpuBound)`);
  const zero = engineChild({ workers: 0, config: CONFIG });
  if (typeof zero !== 'string') {
    console.log(`  for reference, 0 workers (every job in the main thread: no thread to start, nothing sent, indicators computed as jobs ask): load + run ${zero.runSeconds.toFixed(2)} s, with assembly ${zero.seconds.toFixed(2)} s, `
      + `CPU ${zero.cpuSeconds.toFixed(2)} s (cores busy ${(zero.cpuSeconds / zero.seconds).toFixed(2)}); 2 workers take ${(two.seconds / zero.seconds).toFixed(2)}x its time`);
  }
  console.log(`  ratio 2 workers / 1 worker (faster of each count's two runs): ${(one.runSeconds / two.runSeconds).toFixed(2)}x load + run, ${(one.seconds / two.seconds).toFixed(2)}x with assembly, ${(one.jobSeconds / two.jobSeconds).toFixed(2)}x job phase (target >= 1.8x); per round ${perRound}; load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

/** Rejection and coverage rates of a universe's pooled row over `seeds` simulated null universes. */
function rates(seeds: number, sim: SimOptions, overlap: OverlapMode, bootstrap: number): { cluster: number; iid: number; clusterCover: number; iidCover: number; episodes: number; df: number } {
  const settings = { bootstrap, permutations: 200, threshold: 0.5, level: 0.95, blockBy: 'year' as const };
  const out = { cluster: 0, iid: 0, clusterCover: 0, iidCover: 0, episodes: 0, df: 0 };
  for (let s = 0; s < seeds; s++) {
    const u = simulateUniverse(String(s), sim);
    out.episodes += u.episodes.length / seeds;
    const { metrics: m } = universeRows({ id: 'sim', rows: 'pooled', cluster: 'month', overlap, groups: {} },
      { dataset: 'sim', kind: 'rebound', criterion: 'sim', params: '' }, u.episodes, u.predictions, settings, `calibration-${s}`);
    if (m.pValue <= 0.05) out.cluster++;
    if (m.pooled!.pValueIid <= 0.05) out.iid++;
    const c = m.pooled!.aucClusterCI!;
    if (c.lo <= 0.5 && c.hi >= 0.5) out.clusterCover++;
    if (m.aucCI.lo <= 0.5 && m.aucCI.hi >= 0.5) out.iidCover++;
    out.df += m.pooled!.clusterDf! / seeds;
  }
  return out;
}

export function calibration(seeds = 300): void {
  console.log(`\nuniverse calibration — ${seeds} simulated null universes (shared market factor, uninformative criterion), 200 permutations, 500 bootstrap resamples (i.i.d. interval)`);
  const pct = (k: number): string => `${((100 * k) / seeds).toFixed(1)}%`;
  const t0 = performance.now();
  const r = rates(seeds, {}, 'ignore', 500);
  console.log(`  independent months, one-month clusters: rejection rate at 5%: the pooled row's cluster test (the larger of the cluster permutation and cluster-robust t p) ${pct(r.cluster)}, i.i.d. permutation ${pct(r.iid)} (binomial sd at 5%: ${(100 * Math.sqrt(0.0475 / seeds)).toFixed(1)} points)`);
  console.log(`  95% interval holds AUC 0.5: cluster-robust ${pct(r.clusterCover)} (mean df ${r.df.toFixed(1)}), i.i.d. bootstrap ${pct(r.iidCover)}; ${r.episodes.toFixed(0)} episodes per universe`);
  for (const overlap of ['ignore', 'merge'] as const) {
    const p = rates(seeds, { overlap: 6, persistence: 0.8 }, overlap, 0);
    console.log(`  factors persisting across months (6-month outcome windows, AR 0.8 state), "overlap": "${overlap}": cluster test rejects ${pct(p.cluster)}, interval holds 0.5 ${pct(p.clusterCover)} (mean df ${p.df.toFixed(1)})`);
  }
  console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

export function runUniverseBench(): void {
  realUniverse();
  calibration();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) runUniverseBench();
