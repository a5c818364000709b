/**
 * Cost of scoring one metrics row (`scoreRow`) at the size of the benchmark
 * sweep: the S&P 500 rebounds since 1928 (n = 87 scored episodes) with the
 * golden-cross 50/200 score, B = 2000 bootstrap resamples and 2000
 * permutations. Prints the CPU time per row of this thread's process (user +
 * system, so other processes on a busy machine do not inflate it; median of
 * several timed batches after a warm-up) and the wall time beside it.
 * Run: `node --import tsx test/bench/row-cost.ts [rows-per-batch]`.
 * Printed, never asserted.
 */
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPriceDataset } from '../../datasets/load.ts';
import { findRebounds, REBOUND_DEFAULTS } from '../../engine/episodes/rebound.ts';
import { sma } from '../../engine/data/indicators.ts';
import { scoreRow } from '../../engine/stats/scoring.ts';
import type { Episode, Prediction } from '../../engine/types.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const GSPC = join(resolve(here, '..', '..', '..', 'shared', 'data'), 'sp500', 'GSPC.csv');
export const STATS = { bootstrap: 2000, permutations: 2000, threshold: 0.5, level: 0.95, blockBy: 'year' as const };

/** The S&P 500 rebounds and the golden-cross (fast/slow) predictions of each. */
export function goldenCrossRow(fast: number, slow: number): { episodes: Episode[]; predictions: Prediction[] } {
  const ds = loadPriceDataset(GSPC);
  const close = ds.columns.get('close')!;
  const episodes = findRebounds(ds, REBOUND_DEFAULTS);
  const f = sma(close, fast), s = sma(close, slow);
  const predictions = episodes.map((e): Prediction => {
    const a = f[e.decisionIndex]!, b = s[e.decisionIndex]!;
    const score = Number.isFinite(a) && Number.isFinite(b) ? 1 / (1 + Math.exp(-((a / b - 1) * 20))) : NaN;
    return { episodeId: e.id, criterion: 'gc', params: `fast=${fast};slow=${slow}`, score, call: Number.isNaN(score) ? null : score >= 0.5 ? 1 : 0, abstainReason: '', error: '' };
  });
  return { episodes, predictions };
}

function main(): void {
  const perBatch = Number(process.argv[2] ?? 50);
  const { episodes, predictions } = goldenCrossRow(50, 200);
  const key = { dataset: 'GSPC', kind: 'rebound' as const, criterion: 'gc', params: 'fast=50;slow=200' };
  let n = 0;
  for (let i = 0; i < perBatch; i++) n = scoreRow(key, episodes, predictions, STATS, `warm${i}`).n;
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let b = 0; b < 7; b++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < perBatch; i++) scoreRow(key, episodes, predictions, STATS, `s${b}-${i}`);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000 / perBatch);
    wall.push((performance.now() - t0) / perBatch);
  }
  cpu.sort((a, b) => a - b);
  wall.sort((a, b) => a - b);
  console.log(`scoreRow: n=${n}, B=${STATS.bootstrap}, permutations=${STATS.permutations}: ${cpu[3]!.toFixed(3)} ms CPU per row (median of 7 batches of ${perBatch}; min ${cpu[0]!.toFixed(3)}, max ${cpu[6]!.toFixed(3)}); wall ${wall[3]!.toFixed(3)} ms`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) main();
