/**
 * What one metrics row costs, at the size of the benchmark sweep: the S&P 500
 * rebounds since 1928 (n = 86 scored episodes under golden-cross 50/200),
 * B = 2000 bootstrap resamples per scheme and 2000 permutations. Times the
 * engine's `scoreRow` and the independent hand-written baseline
 * (baseline-stats.ts, no engine code) on the same input, alternating, in CPU
 * time of this process (user + system: other processes on a busy machine do
 * not inflate it), median of 7 batches after a warm-up.
 * Standalone: `node --import tsx test/bench/row-cost.ts [rows-per-batch]`.
 * Printed, never asserted.
 */
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPriceDataset } from '../../datasets/load.ts';
import { findRebounds, REBOUND_DEFAULTS } from '../../engine/episodes/rebound.ts';
import { sma } from '../../engine/data/indicators.ts';
import { scoreRow } from '../../engine/stats/scoring.ts';
import type { Episode, Prediction } from '../../engine/types.ts';
import { baselineRow, type BaselineInput } from './baseline-stats.ts';

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

/** The baseline's plain arrays: the scored episodes (labelled, with a score). */
function baselineInput(episodes: Episode[], predictions: Prediction[]): BaselineInput {
  const score = new Map(predictions.map((p) => [p.episodeId, p.score]));
  const kept = episodes.filter((e) => e.label !== null && Number.isFinite(score.get(e.id)));
  const scores = Float64Array.from(kept, (e) => score.get(e.id)!);
  return {
    scores,
    labels: Uint8Array.from(kept, (e) => e.label!),
    calls: Uint8Array.from(scores, (s) => (s >= STATS.threshold ? 1 : 0)),
    years: Int32Array.from(kept, (e) => Number(e.decisionDate.slice(0, 4))),
  };
}

function cpuMs(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export interface RowCost {
  n: number;
  engineMs: number;
  baselineMs: number;
}

export function measureRowCost(perBatch = 40): RowCost {
  const { episodes, predictions } = goldenCrossRow(50, 200);
  const key = { dataset: 'GSPC', kind: 'rebound' as const, criterion: 'gc', params: 'fast=50;slow=200' };
  const input = baselineInput(episodes, predictions);
  const engineBatch = (tag: string): void => { for (let i = 0; i < perBatch; i++) scoreRow(key, episodes, predictions, STATS, `${tag}-${i}`); };
  const baselineBatch = (tag: number): void => { for (let i = 0; i < perBatch; i++) baselineRow(input, STATS.bootstrap, STATS.permutations, tag * 1000 + i); };
  engineBatch('warm');
  baselineBatch(-1);
  const engine: number[] = [], baseline: number[] = [];
  for (let b = 0; b < 7; b++) {
    engine.push(cpuMs(() => engineBatch(`s${b}`)) / perBatch);
    baseline.push(cpuMs(() => baselineBatch(b)) / perBatch);
  }
  const row = scoreRow(key, episodes, predictions, STATS, 'show');
  const base = baselineRow(input, STATS.bootstrap, STATS.permutations, 7);
  const f = (x: number): string => x.toFixed(3);
  console.log(`  same input, both: AUC ${f(row.auc)} vs ${f(base.auc)}; 95% interval [${f(row.aucCI.lo)}, ${f(row.aucCI.hi)}] vs [${f(base.aucLo)}, ${f(base.aucHi)}]; year blocks [${f(row.aucBlockCI.lo)}, ${f(row.aucBlockCI.hi)}] vs [${f(base.aucBlockLo)}, ${f(base.aucBlockHi)}]; one-sided p (AUC > 0.5) ${row.pAbove.toFixed(4)} vs ${base.pValue.toFixed(4)} (the engine's two-sided p ${row.pValue.toFixed(4)})`);
  return { n: input.scores.length, engineMs: median(engine), baselineMs: median(baseline) };
}

export function printRowCost(perBatch = 40): RowCost {
  console.log(`one metrics row: n = scored episodes, B = ${STATS.bootstrap} bootstrap resamples per scheme (i.i.d. and year blocks; AUC, balanced accuracy, Brier), ${STATS.permutations} permutations; CPU ms, median of 7 batches of ${perBatch}`);
  const r = measureRowCost(perBatch);
  console.log(`  engine scoreRow            : ${r.engineMs.toFixed(3)} ms per row (n=${r.n})  ${(1000 / r.engineMs).toFixed(0)} rows/s`);
  console.log(`  independent tight baseline : ${r.baselineMs.toFixed(3)} ms per row (n=${r.n})  ${(1000 / r.baselineMs).toFixed(0)} rows/s`);
  console.log(`  ratio engine / baseline    : ${(r.engineMs / r.baselineMs).toFixed(2)}x  (target <= 1.5x; the engine's row also holds PR AUC, ROC curve, calibration and the trading view)`);
  return r;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) printRowCost(Number(process.argv[2] ?? 40));
